#pragma once
#include "validator/a/a.hpp"
