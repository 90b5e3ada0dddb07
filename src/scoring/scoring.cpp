#include "scoring/scoring.hpp"
