#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "model/municipality.hpp"
#include "scoring/scoring.hpp"

namespace kompass::app {

// The checks every way into the store shares (the CLI's use cases, JSON and CSV imports), so that a value
// refused in one is refused in all. Each failure is bad_input naming `field` (a JSON path, an option name).

// True for a municipality code as SCB and SSB write them: one to four digits, leading zeros kept ("0182").
bool is_municipality_code(std::string_view code);

// SE, NO, DK or FI.
model::Result<void> check_country(std::string_view country, const std::string& field);

// A year an evaluation can have: 1990–2100.
model::Result<void> check_year(int year, const std::string& field);

// An evaluation language: sv, nb, da or en.
model::Result<void> check_language(std::string_view language, const std::string& field);

// Text that is valid UTF-8 (anything stored must print and serialise).
model::Result<void> check_text(std::string_view text, const std::string& field);

// A municipality's country, code (1–4 digits), name (not empty), population (not negative) and texts.
model::Result<void> check_municipality(const model::Municipality& municipality, const std::string& field);

// A source's texts, its date (YYYY, YYYY-MM or YYYY-MM-DD), its title or URL, and a positive people count.
model::Result<void> check_source(const model::Source& source, const std::string& field);

// That `keys` are distinct and each names one of `sources`.
model::Result<void> check_source_keys(const std::vector<std::string>& keys, const std::vector<model::Source>& sources,
                                      const std::string& field);

// That `area` exists in the framework and `sub_area`, when given, is one of its sub-areas (not a question).
model::Result<void> check_place(const model::Framework& framework, int area, const std::string& sub_area,
                                const std::string& field);

// A finding's text, place, source keys and good examples (a country, a code of 1–4 digits when given, a name).
model::Result<void> check_finding(const model::Framework& framework, const model::Finding& finding,
                                  const std::vector<model::Source>& sources, const std::string& field);

// That an evaluation is complete enough to be final (every question or area assessed, so its total is known):
// conflict "evaluation_incomplete" naming `id`, how many parts are unassessed and the first of them.
model::Result<void> check_complete(const std::string& id, const scoring::Aggregate& aggregate);

} // namespace kompass::app
