#include "frameworks/framework_file.hpp"
