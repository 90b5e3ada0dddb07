#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kompass::model {

// A municipality's identity: codes collide across countries (SE 1860 is not NO 1860), so both parts
// are needed. The code keeps its leading zeros ("0182").
struct MunicipalityRef {
  std::string country = "SE"; // SE, NO, DK, FI
  std::string code;
  bool operator==(const MunicipalityRef&) const = default;
  auto operator<=>(const MunicipalityRef&) const = default;
};

// One key figure for the report's Kortfakta, with its year and source.
struct KeyFigure {
  std::string key; // e.g. "population", "tax_rate"
  int year = 0;
  double value = 0;
  std::string unit; // e.g. "invånare", "%"
  std::string source;
  bool operator==(const KeyFigure&) const = default;
};

// A municipality (kommun / kommune) with optional descriptive data.
struct Municipality {
  MunicipalityRef ref;
  std::string name;
  std::optional<std::string> county;
  std::optional<long> population;
  std::optional<std::string> group; // SKR's municipality group (kommungrupp), e.g. "B3", when known
  std::vector<KeyFigure> key_figures;
  bool operator==(const Municipality&) const = default;
};

} // namespace kompass::model
