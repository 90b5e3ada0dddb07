#include <gtest/gtest.h>

#include <string>

#include "report/mustache.hpp"

namespace {

using kompass::report::mustache::Template;
using kompass::report::mustache::Value;

// The data every case renders with: the kinds of value the report uses.
Value sample() {
  Value object = Value::object();
  object.add("k", "v&'\"");
  Value data = Value::object();
  data.add("t", true);
  data.add("f", false);
  Value list = Value::list();
  list.push("one");
  list.push(std::string("<two>"));
  data.add("l", std::move(list));
  data.add("e", Value::list());
  data.add("o", object);
  data.add("s", "<b>");
  data.add("empty", "");
  Value nested = Value::object();
  nested.add("o", std::move(object));
  data.add("n", std::move(nested));
  return data;
}

std::string render(const std::string& text) {
  auto compiled = Template::compile(text);
  EXPECT_TRUE(compiled.has_value()) << text;
  std::string out;
  if (compiled) {
    compiled->render(sample(), out);
  }
  return out;
}

std::string error_of(const std::string& text) {
  auto compiled = Template::compile(text);
  EXPECT_FALSE(compiled.has_value()) << text;
  return compiled ? std::string() : compiled.error().args.at("reason");
}

// The expectations are kainjow's output for the same template and data: the report must not change.
struct Case {
  const char* name;
  const char* text;
  const char* expected;
};

const Case k_cases[] = {
    {"variables escape, triple and & do not", "{{s}} {{{s}}} {{&s}} {{ s }}", "&lt;b&gt; <b> <b> &lt;b&gt;"},
    {"all five entities", "{{o.k}}", "v&amp;&apos;&quot;"},
    {"missing and non-text values print nothing", "[{{missing}}{{l}}{{o}}{{t}}{{f}}]", "[]"},
    {"section over true renders once", "{{#t}}yes{{/t}}{{#f}}no{{/f}}", "yes"},
    {"section over a list repeats with the item as {{.}}", "{{#l}}({{.}}){{/l}}", "(one)(&lt;two&gt;)"},
    {"empty list renders nothing, inverted renders", "{{#e}}x{{/e}}{{^e}}none{{/e}}{{^l}}no{{/l}}", "none"},
    {"inverted over missing and false", "{{^missing}}a{{/missing}}{{^f}}b{{/f}}{{^t}}c{{/t}}", "ab"},
    {"section over an object pushes it", "{{#o}}{{k}}|{{s}}{{/o}}", "v&amp;&apos;&quot;|&lt;b&gt;"},
    {"section over a string, even an empty one", "{{#s}}[{{.}}]{{/s}}{{#empty}}shown{{/empty}}", "[&lt;b&gt;]shown"},
    {"{{.}} of true or an object prints nothing", "{{#t}}[{{.}}]{{/t}}{{#o}}[{{.}}]{{/o}}", "[][]"},
    {"dotted names resolve whole within one context", "{{n.o.k}}|{{o.x.y}}|{{#n.o}}{{k}}{{/n.o}}",
     "v&amp;&apos;&quot;||v&amp;&apos;&quot;"},
    {"dotted name found in an outer context", "{{#n}}{{#o}}{{o.k}}{{/o}}{{/n}}", "v&amp;&apos;&quot;"},
    {"nested lists and objects", "{{#l}}{{#o}}{{k}}{{.}}{{/o}}{{/l}}", "v&amp;&apos;&quot;v&amp;&apos;&quot;"},
    {"comments vanish, their line stays", "a{{! note }}b\n{{! c }}\nc", "ab\n\nc"},
    {"a rendered section's blank lines are dropped", "a{{#t}}\n  x\n{{/t}}\nb{{#f}}\ny\n{{/f}}\nc\n", "a\n  x\nb\nc\n"},
    {"list sections standalone", "{{#l}}\n{{.}}\n{{/l}}\n{{^l}}none{{/l}}\n{{^e}}\nempty\n{{/e}}\n",
     "one\n&lt;two&gt;\n\nempty\n"},
    {"a skipped section leaves its line", "{{#f}}\nx\n{{/f}}\n", "\n"},
    {"indented standalone tags", "{{! c }}\n  {{#t}}  \n  in\n  {{/t}}  \nend", "\n  in\nend"},
    {"CR LF and CR end lines", "\r\n{{#t}}\r\nA\r{{/t}}\r\n", "\r\nA\r"},
};

TEST(Mustache, RendersAsKainjow) {
  for (const auto& test : k_cases) {
    EXPECT_EQ(render(test.text), test.expected) << test.name;
  }
}

TEST(Mustache, AppendsToTheOutput) {
  auto compiled = Template::compile("{{s}}");
  ASSERT_TRUE(compiled.has_value());
  std::string out = "x";
  compiled->render(sample(), out);
  compiled->render(sample(), out);
  EXPECT_EQ(out, "x&lt;b&gt;&lt;b&gt;");
}

TEST(Mustache, SetReplacesAndOwnedTextSurvivesMoves) {
  Value data = Value::object();
  data.set("a", "first");
  data.set("a", std::string("second, owned and longer than any small-string buffer"));
  Value moved = std::move(data);
  auto compiled = Template::compile("{{a}}");
  ASSERT_TRUE(compiled.has_value());
  std::string out;
  compiled->render(moved, out);
  EXPECT_EQ(out, "second, owned and longer than any small-string buffer");
}

TEST(Mustache, ErrorsAsKainjow) {
  EXPECT_EQ(error_of("<html>{{#areas}}</html>"), "Unclosed section \"areas\" at 6");
  EXPECT_EQ(error_of("{{#a}}{{/b}}"), "Unclosed section \"a\" at 0");
  EXPECT_EQ(error_of("{{#a}}{{#b}}{{/a}}"), "Unclosed section \"a\" at 0");
  EXPECT_EQ(error_of("x{{/a}}"), "Unopened section \"a\" at 1");
  EXPECT_EQ(error_of("ab{{x"), "Unclosed tag at 2");
  EXPECT_EQ(error_of("{{{x}}"), "Unclosed tag at 0");
  EXPECT_EQ(error_of("x{{"), "Unclosed tag at 1");
}

TEST(Mustache, RefusesPartialsAndDelimiters) {
  EXPECT_NE(error_of("a{{> area}}").find("Partial \"area\" at 1"), std::string::npos);
  EXPECT_NE(error_of("{{=<% %>=}}").find("Set delimiter tag at 0"), std::string::npos);
}

} // namespace
