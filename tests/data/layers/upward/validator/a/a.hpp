#pragma once
#include "rules/r.hpp"
