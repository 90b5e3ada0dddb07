#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/access.hpp"
#include "app/actions.hpp"
#include "app/evaluations.hpp"
#include "app/text.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

constexpr const char* k_id = "sundsvall-2012";

// A store holding the Sundsvall 2012 sample (published), with the ids of some of its findings.
class ActionsTest : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_store);
    auto imported = app::import_file(db(), "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
    ASSERT_TRUE(imported) << describe(imported.error());
    auto view = app::show_evaluation(db(), k_id);
    ASSERT_TRUE(view) << describe(view.error());
    for (const auto& finding : view->evaluation.findings) {
      auto& ids = finding.kind == model::FindingKind::strength      ? strengths
                  : finding.kind == model::FindingKind::improvement ? improvements
                                                                    : weaknesses;
      ids.push_back(finding.id);
      areas[finding.id] = finding.area;
    }
    ASSERT_GE(weaknesses.size(), 2U);
    ASSERT_GE(improvements.size(), 1U);
    ASSERT_GE(strengths.size(), 1U);
  }

  store::Store& db() { return m_store.db(); }

  app::ActionInput valid() const {
    app::ActionInput input;
    input.title = "Inför en visselblåsarfunktion";
    input.finding_ids = std::vector<long>{weaknesses[0]};
    input.owner = "kommunledningskontoret";
    input.start_date = "2013-01-15";
    input.due_date = "2013-06-30";
    return input;
  }

  std::vector<long> strengths;
  std::vector<long> improvements;
  std::vector<long> weaknesses;
  std::map<long, int> areas;

private:
  testing_support::TemporaryStore m_store;
};

TEST_P(ActionsTest, AddsAnActionToAPublishedEvaluationWithTheFirstFindingsArea) {
  auto id = app::add_action(db(), k_id, valid());
  ASSERT_TRUE(id) << describe(id.error());
  auto stored = app::find_action(db(), *id);
  ASSERT_TRUE(stored) << describe(stored.error());
  EXPECT_EQ(stored->evaluation_id, k_id);
  EXPECT_EQ(stored->area, areas[weaknesses[0]]);
  EXPECT_EQ(stored->title, "Inför en visselblåsarfunktion");
  EXPECT_EQ(stored->status, model::ActionStatus::planned);
  EXPECT_EQ(stored->finding_ids, std::vector<long>{weaknesses[0]});
  EXPECT_TRUE(stored->notes.empty());
}

TEST_P(ActionsTest, RefusesBadInputNamingTheFieldAndStoresNothing) {
  struct Case {
    const char* name;
    std::function<void(app::ActionInput&)> change;
    const char* code;
    const char* field;
  };
  const long strength = strengths[0];
  const std::vector<Case> cases = {
      {"no title", [](auto& in) { in.title = "  "; }, "action_title_missing", "title"},
      {"no finding", [](auto& in) { in.finding_ids = std::vector<long>{}; }, "action_findings_missing", "findings"},
      {"unknown finding", [](auto& in) { in.finding_ids = std::vector<long>{999999}; }, "action_finding_unknown",
       "findings"},
      {"a strength", [&](auto& in) { in.finding_ids = std::vector<long>{strength}; }, "action_finding_strength",
       "findings"},
      {"unknown area", [](auto& in) { in.area = 9; }, "action_area_unknown", "area"},
      {"bad start", [](auto& in) { in.start_date = "2013-02-30"; }, "action_date_invalid", "start_date"},
      {"partial due", [](auto& in) { in.due_date = "2013-06"; }, "action_date_invalid", "due_date"},
      {"due before start", [](auto& in) { in.due_date = "2013-01-01"; }, "action_due_before_start", "due_date"},
      {"unknown status", [](auto& in) { in.status = "finished"; }, "action_status_unknown", "status"},
  };
  for (const auto& c : cases) {
    auto input = valid();
    c.change(input);
    auto added = app::add_action(db(), k_id, input);
    ASSERT_FALSE(added) << c.name;
    EXPECT_EQ(added.error().kind, model::ErrorKind::bad_input) << c.name;
    EXPECT_EQ(added.error().code, c.code) << c.name << ": " << describe(added.error());
    EXPECT_EQ(added.error().field, c.field) << c.name;
  }
  auto actions = app::list_actions(db(), k_id);
  ASSERT_TRUE(actions) << describe(actions.error());
  EXPECT_TRUE(actions->empty());
  auto unknown = app::add_action(db(), "no-such-evaluation", valid());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_evaluation");
}

TEST_P(ActionsTest, UpdateChangesOnlyTheGivenFieldsAndANoteDefaultsToToday) {
  auto id = app::add_action(db(), k_id, valid());
  ASSERT_TRUE(id) << describe(id.error());
  app::ActionInput change;
  change.status = "in_progress";
  change.finding_ids = std::vector<long>{weaknesses[0], improvements[0], weaknesses[0]};
  auto updated = app::update_action(db(), *id, change, model::ProgressNote{"", "Upphandling startad", "anna"});
  ASSERT_TRUE(updated) << describe(updated.error());
  EXPECT_EQ(updated->status, model::ActionStatus::in_progress);
  EXPECT_EQ(updated->title, "Inför en visselblåsarfunktion");
  EXPECT_EQ(updated->owner, "kommunledningskontoret");
  EXPECT_EQ(updated->due_date, "2013-06-30");
  EXPECT_EQ(updated->finding_ids, (std::vector<long>{weaknesses[0], improvements[0]}));
  ASSERT_EQ(updated->notes.size(), 1U);
  EXPECT_EQ(updated->notes[0].date, app::today_iso());
  EXPECT_EQ(updated->notes[0].text, "Upphandling startad");

  // A bad note refuses the whole update: the status stays as it was.
  app::ActionInput done;
  done.status = "done";
  auto refused = app::update_action(db(), *id, done, model::ProgressNote{"2013-13-01", "Klart", ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "action_date_invalid");
  EXPECT_EQ(refused.error().field, "note_date");
  auto empty_note = app::add_action_note(db(), *id, model::ProgressNote{"2013-03-01", "  ", ""});
  ASSERT_FALSE(empty_note);
  EXPECT_EQ(empty_note.error().field, "note");
  auto stored = app::find_action(db(), *id);
  ASSERT_TRUE(stored) << describe(stored.error());
  EXPECT_EQ(stored->status, model::ActionStatus::in_progress);
  EXPECT_EQ(stored->notes.size(), 1U);

  auto missing = app::update_action(db(), 424242, done);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, model::ErrorKind::not_found);
  EXPECT_EQ(missing.error().code, "unknown_action");
}

TEST_P(ActionsTest, ThePlanShowsFindingsWithAndWithoutActionsAndTheOverdueOnes) {
  auto late = valid();
  late.finding_ids = std::vector<long>{weaknesses[0], weaknesses[1]};
  auto first = app::add_action(db(), k_id, late);
  ASSERT_TRUE(first) << describe(first.error());
  auto finished = valid();
  finished.title = "Ny styrmodell";
  finished.finding_ids = std::vector<long>{improvements[0]};
  finished.status = "done";
  auto second = app::add_action(db(), k_id, finished);
  ASSERT_TRUE(second) << describe(second.error());
  auto undated = valid();
  undated.title = "Utan datum";
  undated.start_date = "";
  undated.due_date = "";
  auto third = app::add_action(db(), k_id, undated);
  ASSERT_TRUE(third) << describe(third.error());

  auto plan = app::action_plan(db(), k_id, "2014-01-01");
  ASSERT_TRUE(plan) << describe(plan.error());
  const int total = static_cast<int>(weaknesses.size() + improvements.size());
  EXPECT_EQ(plan->findings, total);
  const int with = 3; // two weaknesses and an improvement
  EXPECT_EQ(plan->findings_with_actions, with);
  EXPECT_EQ(plan->overdue, std::vector<long>{*first}); // the done one and the undated one are not overdue
  EXPECT_EQ(plan->by_status.at(model::ActionStatus::planned), 2);
  EXPECT_EQ(plan->by_status.at(model::ActionStatus::done), 1);
  int without = 0;
  for (const auto& area : plan->areas) {
    EXPECT_EQ(area.with_actions + area.without_actions, static_cast<int>(area.findings.size()));
    without += area.without_actions;
    for (const auto& item : area.findings) {
      EXPECT_NE(item.finding.kind, model::FindingKind::strength);
      if (item.finding.id == weaknesses[0]) {
        EXPECT_EQ(item.action_ids, (std::vector<long>{*first, *third}));
      }
      if (item.finding.id == improvements[0]) {
        EXPECT_EQ(item.action_ids, std::vector<long>{*second});
      }
    }
  }
  EXPECT_EQ(without, total - with);

  // Before the due date nothing is overdue.
  auto earlier = app::action_plan(db(), k_id, "2013-06-30");
  ASSERT_TRUE(earlier) << describe(earlier.error());
  EXPECT_TRUE(earlier->overdue.empty());
  auto bad_day = app::action_plan(db(), k_id, "i morgon");
  ASSERT_FALSE(bad_day);
  EXPECT_EQ(bad_day.error().field, "today");
}

TEST_P(ActionsTest, TheMunicipalityAndAdminsEditThePlanEvaluatorsReadItThePublicDoesNot) {
  auto viewer = [](model::Role role, std::optional<std::string> code) {
    app::Viewer out;
    model::User user;
    user.username = "u";
    user.role = role;
    if (code) {
      user.municipality = model::MunicipalityRef{"SE", *code};
    }
    out.user = user;
    return out;
  };
  struct Case {
    const char* name;
    app::Viewer viewer;
    app::Permission permission;
    std::optional<model::ErrorKind> refused;
  };
  const std::vector<Case> cases = {
      {"public reads", app::Viewer{}, app::Permission::read_actions, model::ErrorKind::unauthenticated},
      {"own municipality edits", viewer(model::Role::municipality, "2281"), app::Permission::edit_actions, {}},
      {"own municipality reads", viewer(model::Role::municipality, "2281"), app::Permission::read_actions, {}},
      {"other municipality reads", viewer(model::Role::municipality, "1880"), app::Permission::read_actions,
       model::ErrorKind::forbidden},
      {"admin edits", viewer(model::Role::admin, std::nullopt), app::Permission::edit_actions, {}},
      {"evaluator reads", viewer(model::Role::evaluator, std::nullopt), app::Permission::read_actions, {}},
      {"evaluator edits", viewer(model::Role::evaluator, std::nullopt), app::Permission::edit_actions,
       model::ErrorKind::forbidden},
      {"peer edits", viewer(model::Role::peer, std::nullopt), app::Permission::edit_actions,
       model::ErrorKind::forbidden},
  };
  for (const auto& c : cases) {
    auto access = app::authorize(db(), c.viewer, k_id, c.permission);
    if (!c.refused) {
      EXPECT_TRUE(access) << c.name << ": " << describe(access.error());
    } else {
      ASSERT_FALSE(access) << c.name;
      EXPECT_EQ(access.error().kind, *c.refused) << c.name;
    }
  }
}

TEST_P(ActionsTest, ExportsThePlanAsAnExcelWorkbookAndRefusesDocx) {
  ASSERT_TRUE(app::add_action(db(), k_id, valid()));
  const auto path = std::filesystem::temp_directory_path() / ("kompass-plan-" + std::to_string(::getpid()) + ".xlsx");
  auto written = app::write_action_plan(db(), k_id, app::ReportFormat::xlsx, "sv", path.string(), "2014-01-01");
  ASSERT_TRUE(written) << describe(written.error());
  const auto bytes = read_bytes(path);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  std::filesystem::remove(path);
  auto docx = app::write_action_plan(db(), k_id, app::ReportFormat::docx, "sv", path.string());
  ASSERT_FALSE(docx);
  EXPECT_EQ(docx.error().code, "action_plan_format");
  EXPECT_FALSE(std::filesystem::exists(path));
}

INSTANTIATE_TEST_SUITE_P(Backends, ActionsTest, kompass::testing::all_backends(), kompass::testing::backend_test_name);

} // namespace
