#pragma once

namespace kompass::cli {

// Runs the kompass command line and returns the process exit code: 0 success, 1 bad input, 2 internal error.
int run(int argc, char** argv);

} // namespace kompass::cli
