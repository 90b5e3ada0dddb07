#pragma once

#include <string_view>
#include <vector>

// The word material of the synthetic-data generator (generate.hpp), kept in code so that generating needs no
// file at run time and never downloads a word list.
namespace kompass::app {

// Every distinct word of the seed report (SKL's Kommunkompassen analysis of Sundsvall 2012) and of the shipped
// sample evaluation (data/samples/sundsvall-2012.json), lowercased and separated by blanks, most frequent first.
std::string_view seed_words();

// The finding texts of the shipped sample evaluation, as written there; the generator reuses short runs of
// their words so that phrase queries taken from the sample find synthetic findings too.
const std::vector<std::string_view>& sample_finding_texts();

} // namespace kompass::app
