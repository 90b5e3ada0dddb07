#include "cli/cli.hpp"

int main(int argc, char** argv) { return kompass::cli::run(argc, argv); }
