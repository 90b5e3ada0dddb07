#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "frameworks/framework_file.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "report/exporters.hpp"
#include "report/render.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"
#include "scoring/scoring.hpp"

// How long kompass takes to turn an evaluation into its HTML report, and how that compares with copying the
// finished HTML and with WeasyPrint's PDF step. Everything is built in memory, so no store time is measured:
// the figure is the report module's own (plus the aggregation the app does before it).
namespace {

using namespace kompass;

constexpr const char* k_edition_path = "data/frameworks/kommunkompassen-2010.yaml";
constexpr int k_findings = 150;
constexpr int k_good_example_every = 10;
constexpr int k_sources = 30;
constexpr int k_reference_members = 50;
constexpr std::uint64_t k_seed = 20120604;

// SplitMix64: the same evaluation on every run and machine, so figures from different days compare.
class Random {
public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // A whole number in 0..max.
  int up_to(int max) { return static_cast<int>(next() % static_cast<std::uint64_t>(max + 1)); }

private:
  std::uint64_t m_state;
};

[[noreturn]] void give_up(const std::string& why) {
  std::cerr << "kompass_bench_report: " << why << '\n';
  std::exit(2);
}

model::Framework load_edition() {
  for (const auto& file : frameworks::shipped_frameworks()) {
    if (file.path == k_edition_path) {
      auto parsed = frameworks::parse_framework(file.text);
      if (!parsed) {
        give_up(std::string(k_edition_path) + " does not parse");
      }
      return std::move(*parsed);
    }
  }
  give_up(std::string(k_edition_path) + " is not built in");
}

std::vector<model::Score> question_scores(const model::Framework& framework, Random& random, bool with_evidence) {
  std::vector<model::Score> scores;
  for (const auto& area : framework.areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        model::Score score{model::ScoreTarget::question, question.id, "", random.up_to(question.max_points), "", {}};
        if (with_evidence) {
          score.rationale = "Utvärderarna fann att kommunen delvis arbetar enligt fråga " + question.id +
                            ": rutinen finns beskriven i styrdokumenten men följs inte upp systematiskt i alla "
                            "förvaltningar, vilket intervjuerna bekräftade.";
          score.source_keys = {"s" + std::to_string(1 + random.up_to(k_sources - 1)),
                               "s" + std::to_string(1 + random.up_to(k_sources - 1))};
        }
        scores.push_back(std::move(score));
      }
    }
  }
  return scores;
}

std::string narrative_text(const std::string& where) {
  return "Kommunen har under de senaste åren arbetat målmedvetet med " + where +
         ", och utvärderarna ser flera exempel på att arbetet har gett resultat i verksamheterna. Samtidigt "
         "saknas en samlad uppföljning som visar för fullmäktige hur långt man har kommit.\n\n"
         "I intervjuerna framkom att ansvaret är tydligt fördelat mellan förvaltningarna, men att "
         "informationen till invånarna om vad som har uppnåtts kan bli bättre. Utvärderarna rekommenderar att "
         "kommunen ser över hur resultaten redovisas i årsredovisningen.";
}

model::Evaluation full_evaluation(const model::Framework& framework, Random& random) {
  model::Evaluation evaluation;
  evaluation.id = "sundsvall-2012";
  evaluation.municipality.ref = {"SE", "2281"};
  evaluation.municipality.name = "Sundsvall";
  evaluation.municipality.key_figures = {{"population", 2012, 96000, "invånare", "SCB"},
                                         {"tax_rate", 2012, 22.84, "%", "SCB"},
                                         {"employees", 2012, 7500, "", "Kommunen"}};
  evaluation.year = 2012;
  evaluation.framework_id = framework.id;
  evaluation.framework_version = framework.version;
  evaluation.status = model::Status::published;
  evaluation.granularity = model::Granularity::question;
  evaluation.evaluators = {{"Anna Andersson", "Sveriges Kommuner och Landsting", model::EvaluatorRole::lead},
                           {"Bertil Berg", "Sveriges Kommuner och Landsting", model::EvaluatorRole::lead},
                           {"Cecilia Carlsson", "Örebro kommun", model::EvaluatorRole::peer}};
  evaluation.dates = {"2012-09", "2012-10-15", "2012-12-04", "2013-01"};
  evaluation.earlier = {{2008, "pre-2010"}};
  evaluation.summary = narrative_text("kommunens styrning som helhet") + "\n\n" + narrative_text("kvalitetsfrågor");

  for (int i = 1; i <= k_sources; ++i) {
    model::Source source;
    source.key = "s" + std::to_string(i);
    source.date = "2012-10-15";
    if (i % 3 == 0) {
      source.kind = model::SourceKind::interview;
      source.title = "Intervjugrupp " + std::to_string(i / 3) + " (förvaltningschefer)";
      source.people = 2 + i % 5;
    } else if (i % 5 == 0) {
      source.kind = model::SourceKind::website;
      source.title = "Kommunens webbplats, avsnitt " + std::to_string(i);
      source.url = "https://www.example.se/sida-" + std::to_string(i);
    } else {
      source.kind = model::SourceKind::document;
      source.title = "Styrdokument " + std::to_string(i);
      source.document_kind = "policy";
    }
    evaluation.sources.push_back(std::move(source));
  }

  std::map<int, std::vector<const model::SubArea*>> sub_areas_of_area;
  for (const auto& area : framework.areas) {
    evaluation.narratives.push_back({area.number, "", narrative_text("område " + std::to_string(area.number))});
    for (const auto& sub_area : area.sub_areas) {
      sub_areas_of_area[area.number].push_back(&sub_area);
      evaluation.narratives.push_back({area.number, sub_area.id, narrative_text("delområde " + sub_area.id)});
    }
  }

  const auto area_count = static_cast<int>(framework.areas.size());
  for (int i = 0; i < k_findings; ++i) {
    model::Finding finding;
    finding.id = i + 1;
    finding.area = 1 + i % area_count;
    const auto& candidates = sub_areas_of_area[finding.area];
    finding.sub_area = candidates[static_cast<std::size_t>(random.up_to(static_cast<int>(candidates.size()) - 1))]->id;
    finding.kind = static_cast<model::FindingKind>((i / area_count) % 3);
    finding.text = "Iakttagelse " + std::to_string(i + 1) + ": kommunen har en tydlig rutin för " +
                   (i % 2 == 0 ? "att återkoppla synpunkter till invånarna" : "att följa upp politiska beslut") +
                   ", men den är inte känd i alla förvaltningar.";
    finding.source_keys = {"s" + std::to_string(1 + i % k_sources)};
    if (i % k_good_example_every == 0) {
      finding.examples = {{"Göteborg", "SE", "1480", "har en visselblåsarfunktion"}};
    }
    evaluation.findings.push_back(std::move(finding));
  }

  evaluation.scores = question_scores(framework, random, true);
  return evaluation;
}

// The reported evaluation, its reference group and everything else a report is made from, built once.
struct Fixture {
  model::Framework framework = load_edition();
  std::vector<std::vector<model::Score>> member_scores;
  report::ReportInput input;
  report::TemplateSet templates;
  report::Labels labels;

  Fixture() {
    Random random(k_seed);
    input.evaluation = full_evaluation(framework, random);
    input.framework = framework;
    input.today = "2026-01-01";
    // Question-level members are the dearest to aggregate; published area-level results would be cheaper.
    for (int i = 0; i < k_reference_members; ++i) {
      member_scores.push_back(question_scores(framework, random, false));
    }
    auto& reference = input.reference;
    reference.code = "reference_default";
    reference.args = {{"framework", framework.id}, {"country", "SE"}, {"municipality", "Sundsvall"}};
    reference.count = k_reference_members;
    for (int i = 0; i < k_reference_members; ++i) {
      reference.members.push_back("Kommun " + std::to_string(i + 1) + " " + std::to_string(2010 + i % 6));
    }
    // Two earlier evaluations, so the trend chart and the earlier-edition note are drawn as in a real report.
    input.trend = {{2008, "pre-2010", 590, 800, false, std::nullopt, std::nullopt},
                   {2012, framework.id, std::nullopt, framework.max_points, true, std::nullopt, std::nullopt},
                   {2015, framework.id, 640, framework.max_points, false, std::nullopt, std::nullopt}};
    auto loaded = report::load_templates(std::nullopt);
    if (!loaded) {
      give_up("the built-in templates do not load");
    }
    templates = std::move(*loaded);
    auto sv = report::load_labels(templates, report::Language::sv);
    if (!sv) {
      give_up("the built-in labels do not load");
    }
    labels = std::move(*sv);
  }

  // What the app does before rendering: aggregate the evaluation and its reference group, then build the view.
  report::ReportView view() {
    aggregate();
    return report::make_view(input, report::Language::sv, labels);
  }

  // Aggregates the evaluation and the reference group's members into `input`, as the app's use case does.
  void aggregate() {
    input.aggregate =
        scoring::aggregate(framework, model::Granularity::question, input.evaluation.scores, std::nullopt);
    std::vector<scoring::Aggregate> members;
    members.reserve(member_scores.size());
    for (const auto& scores : member_scores) {
      members.push_back(scoring::aggregate(framework, model::Granularity::question, scores, std::nullopt,
                                           scoring::Detail::areas_and_total));
    }
    auto average = scoring::reference_average(members, framework.areas.size());
    input.reference.areas = average.areas;
    input.reference.total = average.total;
    input.trend[1].total = input.aggregate.total.points;
    auto comparison = scoring::compare_editions(framework, input.aggregate.total.points, "pre-2010", 2008);
    input.trend[0].compare_low = comparison.low;
    input.trend[0].compare_high = comparison.high;
  }

  std::string html(const report::ReportView& view) const {
    auto rendered = report::render_html(view, templates, report::ChartMode::inline_svg);
    if (!rendered) {
      give_up("the report does not render: " + rendered.error().code);
    }
    return std::move(*rendered);
  }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

void BM_report_view(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    auto view = f.view();
    benchmark::DoNotOptimize(view);
  }
}

// The two halves of BM_report_view, to tell the scoring work from the view model's.
void BM_aggregate_group(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    f.aggregate();
    benchmark::DoNotOptimize(f.input.reference);
  }
}

void BM_make_view(benchmark::State& state) {
  auto& f = fixture();
  f.aggregate();
  for (auto _ : state) {
    auto view = report::make_view(f.input, report::Language::sv, f.labels);
    benchmark::DoNotOptimize(view);
  }
}

void BM_report_html(benchmark::State& state) {
  auto& f = fixture();
  const auto view = f.view();
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto html = f.html(view);
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["html_bytes"] = static_cast<double>(bytes);
}

void BM_report_full(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) {
    auto html = f.html(f.view());
    benchmark::DoNotOptimize(html);
  }
}

void BM_copy_html(benchmark::State& state) {
  auto& f = fixture();
  const auto html = f.html(f.view());
  for (auto _ : state) {
    std::string copy = html;
    benchmark::DoNotOptimize(copy);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(html.size()));
}

void BM_report_pdf(benchmark::State& state) {
  auto& f = fixture();
  const auto html = f.html(f.view());
  const auto target = std::filesystem::temp_directory_path() / ("kompass-bench-" + std::to_string(::getpid()) + ".pdf");
  for (auto _ : state) {
    auto written = report::write_pdf(html, target.string(), report::PdfVariant::pdf_a_3b);
    if (!written) {
      state.SkipWithError(("write_pdf failed: " + written.error().code).c_str());
      break;
    }
  }
  std::error_code ignored;
  std::filesystem::remove(target, ignored);
}

} // namespace

BENCHMARK(BM_report_view)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_aggregate_group)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_make_view)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_report_html)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_report_full)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_copy_html)->Unit(benchmark::kMicrosecond);
// WeasyPrint takes seconds per run: three iterations in real time (its work is done in a child process), never
// repeated whatever --benchmark_repetitions says.
BENCHMARK(BM_report_pdf)->Iterations(3)->Repetitions(1)->UseRealTime()->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  const auto& f = fixture();
  std::size_t questions = 0;
  for (const auto& area : f.framework.areas) {
    for (const auto& sub_area : area.sub_areas) {
      questions += sub_area.questions.size();
    }
  }
  benchmark::AddCustomContext("evaluation", f.framework.id + ", " + std::to_string(questions) + " questions scored, " +
                                                std::to_string(k_findings) + " findings, " + std::to_string(k_sources) +
                                                " sources");
  benchmark::AddCustomContext("reference_group", std::to_string(k_reference_members) + " question-level evaluations");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
