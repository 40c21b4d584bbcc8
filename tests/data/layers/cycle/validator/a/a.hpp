#pragma once
#include "validator/b/b.hpp"
