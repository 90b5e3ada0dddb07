#pragma once

#include <map>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace kompass::model {

// The languages the user interface speaks; Swedish is the default.
enum class UiLanguage { sv, en };

// Picks the UI language from an explicit choice ("sv", "en", empty) or, when empty, from a LANG-style
// locale string: English only when it starts with "en", Swedish otherwise.
UiLanguage choose_ui_language(std::string_view explicit_choice, std::string_view lang_env);

// The catalogue text for `code` in `language` with every {name} replaced by args[name] ({name@prefix}
// by the catalogue text of prefix + args[name] when that exists, for enum names); an unknown code
// yields the code itself followed by its arguments, so a missing entry is visible but never fatal.
std::string message(UiLanguage language, std::string_view code, const std::map<std::string, std::string>& args = {});

// The user-facing text of an error in `language`.
std::string render(UiLanguage language, const Error& error);

// Every message code in the catalogue of `language` (used by tests to keep catalogues in step).
std::map<std::string, std::string> catalogue(UiLanguage language);

} // namespace kompass::model
