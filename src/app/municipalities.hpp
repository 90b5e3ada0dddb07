#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/municipality.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// Parses a municipality as written on the command line: a bare code means Sweden ("0182"), a country
// prefix names another country ("NO:5025"). Fails with bad_input naming the text.
Result<model::MunicipalityRef> parse_municipality_ref(std::string_view text);

// A municipality named on the command line by its code ("2281", "NO:5025") or by its name, compared with
// case and diacritics folded ("orebro" finds Örebro). Fails with not_found "unknown_municipality" (a code)
// or "unknown_municipality_name", or bad_input "municipality_name_ambiguous" listing the candidates.
Result<model::MunicipalityRef> resolve_municipality(store::Store& store, std::string_view text);

// The municipality or not_found "unknown_municipality" naming country and code.
Result<model::Municipality> get_municipality(store::Store& store, const model::MunicipalityRef& ref);

// Adds a new municipality; conflict when the country and code are taken.
Result<void> add_municipality(store::Store& store, const model::Municipality& municipality);

// All municipalities (optionally of one country) in Swedish alphabetical order (Å Ä Ö after Z).
Result<std::vector<model::Municipality>> list_municipalities(store::Store& store,
                                                             const std::optional<std::string>& country);

} // namespace kompass::app
