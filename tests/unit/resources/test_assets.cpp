#include <gtest/gtest.h>

#include "resources/assets.hpp"
#include "resources/resources.hpp"

#include <set>
#include <string>

using namespace kompass::resources;

TEST(Assets, EveryEmbeddedStaticFileIsAnAsset) {
  const auto files = under("static/");
  ASSERT_EQ(assets().size(), files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(assets()[i].path, files[i].path);
    EXPECT_EQ(assets()[i].bytes, files[i].bytes);
  }
}

TEST(Assets, EveryUrlCarriesTheHashOfItsBytes) {
  std::set<std::string> urls;
  for (const auto& asset : assets()) {
    const auto hash = content_hash(asset.bytes);
    ASSERT_EQ(hash.size(), 16U);
    EXPECT_NE(asset.url.find("." + hash.substr(0, 12) + "."), std::string::npos) << asset.url;
    EXPECT_EQ(asset.etag, "\"" + hash + "\"") << asset.path;
    EXPECT_TRUE(asset.url.starts_with("/static/")) << asset.url;
    EXPECT_FALSE(asset.content_type.empty()) << asset.path;
    EXPECT_TRUE(urls.insert(asset.url).second) << "duplicate URL " << asset.url;
  }
}

TEST(Assets, UrlKeepsThePathAndExtension) {
  const auto url = asset_url("static/kompass.css");
  const auto hash = content_hash(find("static/kompass.css").value()).substr(0, 12);
  EXPECT_EQ(url, "/static/kompass." + hash + ".css");
  const auto htmx = asset_url("static/vendor/htmx.min.js");
  EXPECT_TRUE(htmx.starts_with("/static/vendor/htmx.min.")) << htmx;
  EXPECT_TRUE(htmx.ends_with(".js")) << htmx;
}

TEST(Assets, AssetByUrlRoundTrips) {
  ASSERT_FALSE(assets().empty());
  for (const auto& asset : assets()) {
    const auto* found = asset_by_url(asset.url);
    ASSERT_NE(found, nullptr) << asset.url;
    EXPECT_EQ(found, &asset);
    EXPECT_EQ(asset_url(asset.path), asset.url);
  }
}

TEST(Assets, HtmxIsEmbedded) {
  const auto* htmx = asset_by_url(asset_url("static/vendor/htmx.min.js"));
  ASSERT_NE(htmx, nullptr);
  EXPECT_GT(htmx->bytes.size(), 10'000U);
  EXPECT_NE(htmx->bytes.find("htmx"), std::string_view::npos);
  EXPECT_EQ(htmx->content_type, "text/javascript; charset=utf-8");
}

TEST(Assets, StyleSheetIsEmbedded) {
  const auto* css = asset_by_url(asset_url("static/kompass.css"));
  ASSERT_NE(css, nullptr);
  EXPECT_FALSE(css->bytes.empty());
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
}

TEST(Assets, UnknownUrlsAndPathsAreNotFound) {
  EXPECT_EQ(asset_by_url("/static/kompass.css"), nullptr); // the unhashed path is not served
  EXPECT_EQ(asset_by_url("/static/kompass.000000000000.css"), nullptr);
  EXPECT_EQ(asset_by_url(""), nullptr);
  EXPECT_EQ(asset_by_url("static/kompass.css"), nullptr);
  EXPECT_EQ(asset_url("static/nothing.css"), "");
  EXPECT_EQ(asset_url("data/messages/sv.tsv"), "");
}

TEST(Assets, ContentTypesFollowTheExtension) {
  EXPECT_EQ(content_type_for("static/a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("static/a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("static/a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("static/a.png"), "image/png");
  EXPECT_EQ(content_type_for("static/a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("static/favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("static/a.bin"), "application/octet-stream");
}

TEST(Assets, ContentHashIsFnv1a64) {
  EXPECT_EQ(content_hash(""), "cbf29ce484222325");
  EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c");
  EXPECT_NE(content_hash("body{}"), content_hash("body{ }"));
}
