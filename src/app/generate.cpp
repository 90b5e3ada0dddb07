#include "app/generate.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numbers>
#include <string_view>
#include <unordered_set>

#include "app/catalog.hpp"
#include "app/generate_words.hpp"
#include "app/text.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;

// The standard library's engines and distributions differ between implementations; the same seed must give the
// same database everywhere, so the generator brings its own (splitmix64 to seed xoshiro256**).
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Random {
public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : m_state) {
      word = splitmix64(seed);
    }
  }

  std::uint64_t next() {
    auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double real() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform in [0, n); the modulo bias is below 2^-40 for the small n used here.
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

  bool chance(double probability) { return real() < probability; }

  double normal() {
    // Box–Muller; 1 - real() keeps the logarithm finite.
    double u = 1.0 - real();
    double v = real();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * v);
  }

  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(static_cast<int>(items.size())))];
  }

private:
  std::array<std::uint64_t, 4> m_state{};
};

// One independent stream per (seed, purpose, index, number), so each item can be built on its own.
Random stream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index, std::uint64_t number) {
  std::uint64_t state = seed;
  std::uint64_t mixed = splitmix64(state) ^ (purpose * 0xd1b54a32d192ed03ULL);
  mixed = splitmix64(mixed) ^ (index * 0x8cb92ba72f3d8dd7ULL);
  mixed = splitmix64(mixed) ^ (number * 0xaef17502108ef2d9ULL);
  return Random(mixed);
}

enum Purpose : std::uint64_t { k_names = 1, k_municipality = 2, k_evaluation = 3, k_vocabulary = 4 };

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find_first_of(" \n", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (end > start) {
      words.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return words;
}

// First parts of compounds as Swedish writes them, with the linking s where the language has one.
constexpr std::array k_modifiers = {
    "medborgar",     "brukar",       "kvalitets",       "verksamhets",    "resultat",     "budget",
    "personal",      "ledar",        "chefs",           "medarbetar",     "kommun",       "miljö",
    "service",       "demokrati",    "informations",    "kommunikations", "styr",         "uppföljnings",
    "utvecklings",   "kompetens",    "rekryterings",    "löne",           "arbetsmiljö",  "jämställdhets",
    "mångfalds",     "innovations",  "förbättrings",    "process",        "projekt",      "ekonomi",
    "effektivitets", "samverkans",   "näringslivs",     "förenings",      "kultur",       "skol",
    "äldre",         "omsorgs",      "social",          "fritids",        "bygg",         "trafik",
    "energi",        "klimat",       "hållbarhets",     "integrations",   "invånar",      "besöks",
    "webb",          "e-",           "digitaliserings", "dokument",       "besluts",      "nämnd",
    "fullmäktige",   "förvaltnings", "lednings",        "organisations",  "ansvars",      "delegations",
    "mål",           "nyckeltals",   "jämförelse",      "enkät",          "synpunkts",    "klagomåls",
    "avvikelse",     "risk",         "intern",          "region",         "ungdoms",      "barn",
    "stads",         "landsbygds",   "bostads",         "företags",       "upphandlings", "avtals",
    "säkerhets",     "kris",         "beredskaps",      "värdegrunds",    "bemötande",    "tillgänglighets",
    "öppenhets",     "dialog",       "planerings",      "utvärderings",   "kunskaps",     "forsknings",
};

// Heads of compounds: the indefinite and the definite singular.
constexpr std::array<std::array<const char*, 2>, 58> k_heads = {{
    {"dialog", "dialogen"},
    {"uppföljning", "uppföljningen"},
    {"arbete", "arbetet"},
    {"plan", "planen"},
    {"strategi", "strategin"},
    {"system", "systemet"},
    {"enkät", "enkäten"},
    {"utveckling", "utvecklingen"},
    {"mål", "målet"},
    {"process", "processen"},
    {"ansvar", "ansvaret"},
    {"policy", "policyn"},
    {"grupp", "gruppen"},
    {"program", "programmet"},
    {"rutin", "rutinen"},
    {"analys", "analysen"},
    {"verktyg", "verktyget"},
    {"kultur", "kulturen"},
    {"fråga", "frågan"},
    {"råd", "rådet"},
    {"forum", "forumet"},
    {"möte", "mötet"},
    {"rapport", "rapporten"},
    {"undersökning", "undersökningen"},
    {"samtal", "samtalet"},
    {"utbildning", "utbildningen"},
    {"nätverk", "nätverket"},
    {"projekt", "projektet"},
    {"resultat", "resultatet"},
    {"styrning", "styrningen"},
    {"ledning", "ledningen"},
    {"organisation", "organisationen"},
    {"modell", "modellen"},
    {"mätning", "mätningen"},
    {"index", "indexet"},
    {"statistik", "statistiken"},
    {"handläggning", "handläggningen"},
    {"kontakt", "kontakten"},
    {"samordnare", "samordnaren"},
    {"chef", "chefen"},
    {"beslut", "beslutet"},
    {"budget", "budgeten"},
    {"kostnad", "kostnaden"},
    {"portal", "portalen"},
    {"tjänst", "tjänsten"},
    {"garanti", "garantin"},
    {"center", "centret"},
    {"funktion", "funktionen"},
    {"insats", "insatsen"},
    {"satsning", "satsningen"},
    {"översyn", "översynen"},
    {"beredning", "beredningen"},
    {"kartläggning", "kartläggningen"},
    {"redovisning", "redovisningen"},
    {"ambition", "ambitionen"},
    {"prioritering", "prioriteringen"},
    {"samverkan", "samverkan"},
    {"uppdrag", "uppdraget"},
}};

std::vector<std::string> build_vocabulary() {
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  for (auto word : split_words(seed_words())) {
    if (seen.emplace(word).second) {
      words.emplace_back(word);
    }
  }
  std::vector<std::string> compounds;
  for (const char* modifier : k_modifiers) {
    for (const auto& head : k_heads) {
      for (const char* form : head) {
        std::string compound = std::string(modifier) + form;
        if (seen.insert(compound).second) {
          compounds.push_back(std::move(compound));
        }
      }
    }
  }
  // Compounds are the rare tail; shuffled so that no single modifier or head dominates the ranks near the top.
  Random random = stream(0x6b6f6d70617373ULL, k_vocabulary, 0, 0);
  for (std::size_t i = compounds.size(); i > 1; --i) {
    std::swap(compounds[i - 1], compounds[static_cast<std::size_t>(random.below(static_cast<int>(i)))]);
  }
  words.insert(words.end(), std::make_move_iterator(compounds.begin()), std::make_move_iterator(compounds.end()));
  return words;
}

// Name parts that read like Swedish place names without being any one municipality's name.
constexpr std::array k_name_stems = {
    "Björk", "Sjö",    "Älv",    "Berg", "Ek",   "Gran", "Hög",  "Lind", "Mal",   "Norr",  "Sand", "Ström",
    "Söder", "Väster", "Öster",  "Ås",   "Dal",  "Fors", "Hag",  "Holm", "Kvarn", "Lunda", "Mo",   "Näs",
    "Rönn",  "Salt",   "Sten",   "Tall", "Ulv",  "Vall", "Vid",  "Ål",   "Ask",   "Bro",   "Ed",   "Fjäll",
    "Gull",  "Hammar", "Is",     "Kall", "Lill", "Mör",  "Ny",   "Ode",  "Pil",   "Ros",   "Skog", "Torp",
    "Ugg",   "Varg",   "Vinter", "Yx",   "Ängs", "Örn",  "Bäck", "Falk", "Hjort", "Kron",  "Myr",  "Sol"};
constexpr std::array k_name_endings = {"by",    "vik",   "sala", "köping", "hamn", "holm",  "ås",   "fors",
                                       "dal",   "berga", "sund", "vara",   "torp", "stad",  "näs",  "mo",
                                       "lunda", "ryd",   "sjö",  "bro",    "hult", "ö",     "sta",  "inge",
                                       "åker",  "backa", "hed",  "vallen", "mark", "fjärd", "tuna", "boda"};

// County codes as SCB numbers them (01 Stockholm … 25 Norrbotten, no 02, 11, 15 or 16).
constexpr std::array k_county_codes = {1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25};

constexpr int k_first_year = 2010;
constexpr int k_last_year = 2024;
constexpr int k_areas = 8;

// Openers by kind, in the manner of the sample's findings.
const std::vector<std::string>& openers(model::FindingKind kind) {
  static const std::vector<std::string> k_strength = {"Tydlig",           "Systematisk", "Väl utvecklad", "God",
                                                      "Många exempel på", "Stark",       "Omfattande",    "Gemensam",
                                                      "Strukturerad",     "Aktiv",       "Etablerad",     "Bred"};
  static const std::vector<std::string> k_improvement = {"Utveckla",  "Förtydliga", "Följa upp", "Stärka",
                                                         "Använda",   "Bredda",     "Samordna",  "Analysera",
                                                         "Kartlägga", "Förbättra",  "Se över",   "Fortsätta utveckla"};
  static const std::vector<std::string> k_weakness = {"Ingen",     "Inget",        "Inga",         "Saknar",
                                                      "Otydlig",   "Bristande",    "Svag",         "Oklar",
                                                      "Begränsad", "Otillräcklig", "Osystematisk", "Ojämn"};
  switch (kind) {
  case model::FindingKind::strength:
    return k_strength;
  case model::FindingKind::improvement:
    return k_improvement;
  case model::FindingKind::weakness:
    return k_weakness;
  }
  return k_strength;
}

const std::vector<std::string>& example_reasons() {
  static const std::vector<std::string> k_reasons = {"har kommit långt med detta", "arbetar systematiskt med frågan",
                                                     "har en beprövad modell",     "nämns som gott exempel",
                                                     "har goda erfarenheter",      "har utvecklat ett eget arbetssätt"};
  return k_reasons;
}

// SKR's municipality groups (2017), from the largest cities to rural municipalities with tourism.
constexpr std::array k_groups = {"A1", "A2", "B3", "B4", "B5", "C6", "C7", "C8", "C9"};

std::string group_for(long population, Random& random) {
  if (population >= 200000) {
    return "A1";
  }
  if (population >= 50000) {
    return random.chance(0.6) ? "B3" : "A2";
  }
  if (population >= 15000) {
    return k_groups[static_cast<std::size_t>(1 + random.below(5))]; // A2 … C6
  }
  return k_groups[static_cast<std::size_t>(5 + random.below(4))]; // C6 … C9
}

// Draws 0-based ranks with probability proportional to 1 / (rank + 1)^s.
class Zipf {
public:
  Zipf(std::size_t size, double exponent) : m_cumulative(size) {
    double total = 0;
    for (std::size_t rank = 0; rank < size; ++rank) {
      total += 1.0 / std::pow(static_cast<double>(rank + 1), exponent);
      m_cumulative[rank] = total;
    }
  }

  std::size_t draw(Random& random) const {
    double target = random.real() * m_cumulative.back();
    auto found = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target);
    return std::min(static_cast<std::size_t>(found - m_cumulative.begin()), m_cumulative.size() - 1);
  }

private:
  std::vector<double> m_cumulative;
};

std::string padded(int value, std::size_t width) {
  std::string digits = std::to_string(value);
  return digits.size() < width ? std::string(width - digits.size(), '0') + digits : digits;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  }
  return text;
}

} // namespace

const std::vector<std::string>& synthetic_vocabulary() {
  static const std::vector<std::string> k_vocabulary = build_vocabulary();
  return k_vocabulary;
}

Result<void> check_generate_options(const GenerateOptions& options) {
  struct Range {
    const char* option;
    int value;
    int min;
    int max;
  };
  for (const auto& range : {Range{"--municipalities", options.municipalities, 1, 1500},
                            Range{"--evaluations-per-municipality", options.evaluations_per_municipality, 1,
                                  k_last_year - k_first_year + 1},
                            Range{"--findings", options.findings, 0, 500}}) {
    if (range.value < range.min || range.value > range.max) {
      return model::fail(ErrorKind::bad_input, "generate_count_out_of_range",
                         {{"option", range.option},
                          {"value", std::to_string(range.value)},
                          {"min", std::to_string(range.min)},
                          {"max", std::to_string(range.max)}},
                         range.option);
    }
  }
  return {};
}

struct SyntheticData::Tables {
  const std::vector<std::string>& vocabulary = synthetic_vocabulary();
  Zipf zipf{vocabulary.size(), k_zipf_exponent};
  std::vector<std::vector<std::string>> sample_runs; // each sample finding's words, lowercased first word
  std::vector<std::string> names;                    // one per municipality, distinct also as readable ids
  std::vector<std::string> ids;                      // the names folded for evaluation ids
};

SyntheticData::SyntheticData(const GenerateOptions& options, const model::Framework& framework)
    : m_options(options), m_framework_id(framework.id), m_framework_version(framework.version), m_sub_areas(k_areas),
      m_tables(std::make_unique<Tables>()) {
  for (const auto& area : framework.areas) {
    if (area.number >= 1 && area.number <= k_areas) {
      for (const auto& sub_area : area.sub_areas) {
        m_sub_areas[static_cast<std::size_t>(area.number - 1)].push_back(sub_area.id);
      }
    }
  }
  for (auto text : sample_finding_texts()) {
    std::vector<std::string> run;
    for (auto word : split_words(text)) {
      run.emplace_back(word);
    }
    if (!run.empty() && !run[0].empty() && run[0][0] >= 'A' && run[0][0] <= 'Z') {
      run[0][0] = static_cast<char>(run[0][0] - 'A' + 'a');
    }
    m_tables->sample_runs.push_back(std::move(run));
  }
  // Every stem–ending pair, in a seeded order; pairs that fold to an id already taken are skipped.
  std::vector<std::string> candidates;
  for (const char* stem : k_name_stems) {
    for (const char* ending : k_name_endings) {
      std::string name = stem;
      std::string_view rest = ending;
      // "Ås" + "sala" reads better as "Åsala" than "Åssala".
      if (!name.empty() && !rest.empty() && name.back() == rest.front()) {
        rest.remove_prefix(1);
      }
      candidates.push_back(name + std::string(rest));
    }
  }
  Random random = stream(m_options.seed, k_names, 0, 0);
  std::unordered_set<std::string> taken;
  for (std::size_t i = candidates.size();
       i > 1 && m_tables->names.size() < static_cast<std::size_t>(options.municipalities); --i) {
    std::swap(candidates[i - 1], candidates[static_cast<std::size_t>(random.below(static_cast<int>(i)))]);
    std::string id = fold_to_ascii_id(candidates[i - 1]);
    if (taken.insert(id).second) {
      m_tables->names.push_back(candidates[i - 1]);
      m_tables->ids.push_back(std::move(id));
    }
  }
}

SyntheticData::~SyntheticData() = default;

model::Municipality SyntheticData::municipality(int index) const {
  Random random = stream(m_options.seed, k_municipality, static_cast<std::uint64_t>(index), 0);
  auto county = static_cast<std::size_t>(index) % k_county_codes.size();
  int number = index / static_cast<int>(k_county_codes.size()) + 1;
  std::string code = padded(k_county_codes[county], 2) + padded(number, 2);
  model::Municipality municipality;
  municipality.ref = {"SE", code};
  municipality.name = m_tables->names[static_cast<std::size_t>(index)];
  municipality.county = std::string(k_name_stems[county]) + "s län (syntetiskt)";
  // Log-normal around a median of 16,000, as Swedish municipalities are spread (a few very large ones).
  double population = std::exp(std::log(16000.0) + 1.0 * random.normal());
  municipality.population = std::clamp(std::lround(population), 2000L, 1000000L);
  municipality.group = group_for(*municipality.population, random);
  return municipality;
}

model::Evaluation SyntheticData::evaluation(int index, int number) const {
  const auto& tables = *m_tables;
  auto municipality = this->municipality(index);
  // The years of all of a municipality's evaluations come from one stream, so they are distinct and in order.
  std::vector<int> years;
  {
    Random random = stream(m_options.seed, k_municipality, static_cast<std::uint64_t>(index), 2);
    std::vector<int> all;
    for (int year = k_first_year; year <= k_last_year; ++year) {
      all.push_back(year);
    }
    for (int i = 0; i < m_options.evaluations_per_municipality; ++i) {
      std::swap(all[static_cast<std::size_t>(i)],
                all[static_cast<std::size_t>(i + random.below(static_cast<int>(all.size()) - i))]);
    }
    years.assign(all.begin(), all.begin() + m_options.evaluations_per_municipality);
    std::sort(years.begin(), years.end());
  }
  Random level_random = stream(m_options.seed, k_municipality, static_cast<std::uint64_t>(index), 3);
  double level = 52 + 10 * level_random.normal();
  std::array<double, k_areas> area_level{};
  for (auto& value : area_level) {
    value = 8 * level_random.normal();
  }

  Random random =
      stream(m_options.seed, k_evaluation, static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(number));
  model::Evaluation evaluation;
  evaluation.year = years[static_cast<std::size_t>(number)];
  evaluation.id = tables.ids[static_cast<std::size_t>(index)] + "-" + std::to_string(evaluation.year);
  evaluation.municipality = std::move(municipality);
  evaluation.framework_id = m_framework_id;
  evaluation.framework_version = m_framework_version;
  evaluation.language = "sv";
  double status = random.real();
  evaluation.status =
      status < 0.85 ? model::Status::published : (status < 0.95 ? model::Status::final : model::Status::draft);
  evaluation.granularity = model::Granularity::area;
  evaluation.evaluators = {{"Syntetisk utvärderare", "kompass dev generate", model::EvaluatorRole::lead}};
  evaluation.dates.report =
      std::to_string(evaluation.year) + "-" + padded(3 + random.below(9), 2) + "-" + padded(1 + random.below(28), 2);
  evaluation.note = k_synthetic_note;
  int total = 0;
  for (int area = 1; area <= k_areas; ++area) {
    double points = level + area_level[static_cast<std::size_t>(area - 1)] + 0.8 * (evaluation.year - k_first_year) +
                    6 * random.normal();
    int whole = static_cast<int>(std::clamp(std::lround(points), 0L, 100L));
    total += whole;
    model::Score score;
    score.target = model::ScoreTarget::area;
    score.target_id = std::to_string(area);
    score.points = whole;
    evaluation.scores.push_back(std::move(score));
  }
  evaluation.published_total = total;

  evaluation.findings.reserve(static_cast<std::size_t>(m_options.findings));
  for (int i = 0; i < m_options.findings; ++i) {
    model::Finding finding;
    // Eight areas with about as many findings each, as a report's tables have.
    finding.area = 1 + (i + random.below(3)) % k_areas;
    const auto& sub_areas = m_sub_areas[static_cast<std::size_t>(finding.area - 1)];
    if (!sub_areas.empty() && random.chance(0.9)) {
      finding.sub_area = random.pick(sub_areas);
    }
    double kind = random.real();
    finding.kind = kind < 0.4 ? model::FindingKind::strength
                              : (kind < 0.75 ? model::FindingKind::improvement : model::FindingKind::weakness);
    std::vector<std::string_view> words;
    std::string opener = random.pick(openers(finding.kind));
    int length = 6 + random.below(13);
    for (int w = 0; w < length; ++w) {
      words.push_back(tables.vocabulary[tables.zipf.draw(random)]);
    }
    if (random.chance(0.3)) {
      const auto& run = random.pick(tables.sample_runs);
      int take = std::min(static_cast<int>(run.size()), 2 + random.below(4));
      int from = random.below(static_cast<int>(run.size()) - take + 1);
      auto at = words.begin() + random.below(static_cast<int>(words.size()) + 1);
      words.insert(at, run.begin() + from, run.begin() + from + take);
    }
    std::string text = opener;
    for (auto word : words) {
      text += ' ';
      text += word;
    }
    finding.text = capitalised(std::move(text));
    if (finding.kind != model::FindingKind::strength && random.chance(0.04)) {
      int examples = 1 + random.below(2);
      for (int e = 0; e < examples; ++e) {
        int other = random.below(m_options.municipalities);
        if (other == index) {
          continue;
        }
        auto named = this->municipality(other);
        finding.examples.push_back({named.name, named.ref.country, named.ref.code, random.pick(example_reasons())});
      }
    }
    evaluation.findings.push_back(std::move(finding));
  }
  return evaluation;
}

Result<GenerateReport> generate_database(store::Store& store, const GenerateOptions& options,
                                         const GenerateProgress& progress) {
  if (auto checked = check_generate_options(options); !checked) {
    return tl::unexpected(checked.error());
  }
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  Clock::duration generating{};
  Clock::duration storing{};
  // Times one step into `spent`, so the report can tell building the data from storing it.
  auto timed = [](Clock::duration& spent, auto&& step) {
    auto begun = Clock::now();
    auto result = step();
    spent += Clock::now() - begun;
    return result;
  };
  GenerateReport report;
  Clock::time_point work_done;
  auto written = store::in_transaction(store, [&]() -> Result<void> {
    auto municipalities = store.list_municipalities();
    if (!municipalities) {
      return tl::unexpected(municipalities.error());
    }
    auto evaluations = store.list_evaluations({});
    if (!evaluations) {
      return tl::unexpected(evaluations.error());
    }
    if (!municipalities->empty() || !evaluations->empty()) {
      return model::fail(ErrorKind::conflict, "generate_store_not_empty",
                         {{"municipalities", std::to_string(municipalities->size())},
                          {"evaluations", std::to_string(evaluations->size())}});
    }
    auto framework = get_framework(store, k_synthetic_framework);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    auto data = timed(generating, [&] { return std::make_unique<SyntheticData>(options, *framework); });
    long total = static_cast<long>(options.municipalities) * options.evaluations_per_municipality;
    for (int index = 0; index < options.municipalities; ++index) {
      auto municipality = timed(generating, [&] { return data->municipality(index); });
      if (auto stored = timed(storing, [&] { return store.upsert_municipality(municipality); }); !stored) {
        return stored;
      }
      ++report.municipalities;
      for (int number = 0; number < options.evaluations_per_municipality; ++number) {
        auto evaluation = timed(generating, [&] { return data->evaluation(index, number); });
        if (auto stored = timed(storing, [&] { return store.insert_evaluation(evaluation); }); !stored) {
          return stored;
        }
        ++report.evaluations;
        report.findings += static_cast<long>(evaluation.findings.size());
        if (progress) {
          progress(report.evaluations, total);
        }
      }
    }
    work_done = Clock::now();
    return {};
  });
  if (!written) {
    return tl::unexpected(written.error());
  }
  // The commit (with SQLite's checkpoint of the write-ahead log) is part of storing.
  storing += Clock::now() - work_done;
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report.generate_seconds = std::chrono::duration<double>(generating).count();
  report.store_seconds = std::chrono::duration<double>(storing).count();
  return report;
}

} // namespace kompass::app
