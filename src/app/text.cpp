#include "app/text.hpp"

#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>

#include <unicode/coll.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace kompass::app {

std::string iso_utc(std::chrono::system_clock::time_point when) {
  auto seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string today_iso() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  localtime_r(&now, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}
namespace {

icu::Transliterator& ascii_transliterator() {
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> transliterator;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    transliterator.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) {
      transliterator.reset();
    }
  });
  return *transliterator;
}

icu::Collator& collator(Collation collation) {
  static std::once_flag once;
  static std::unique_ptr<icu::Collator> swedish;
  static std::unique_ptr<icu::Collator> norwegian;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    swedish.reset(icu::Collator::createInstance(icu::Locale("sv", "SE"), status));
    status = U_ZERO_ERROR;
    norwegian.reset(icu::Collator::createInstance(icu::Locale("nb", "NO"), status));
  });
  return collation == Collation::norwegian ? *norwegian : *swedish;
}

} // namespace

std::string fold_to_ascii_id(std::string_view name) {
  // Ø and Æ have no decomposition, so Latin-ASCII is what turns them into o and ae.
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  ascii_transliterator().transliterate(text);
  std::string folded;
  text.toUTF8String(folded);
  std::string id;
  bool dash = false;
  for (char c : folded) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      if (dash && !id.empty()) {
        id += '-';
      }
      id += c;
      dash = false;
    } else {
      dash = true;
    }
  }
  // A name of no letters or digits at all (only possible by mistake) still gets a readable id.
  return id.empty() ? "kommun" : id;
}

int collate(std::string_view a, std::string_view b, Collation collation) {
  UErrorCode status = U_ZERO_ERROR;
  auto result = collator(collation).compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                                                icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
  return static_cast<int>(result);
}

bool is_partial_iso_date(std::string_view text) {
  if (text.empty()) {
    return true;
  }
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (i >= text.size() || text[i] < '0' || text[i] > '9') {
        return false;
      }
    }
    return true;
  };
  if (text.size() == 4) {
    return digits(0, 4);
  }
  if (text.size() == 7) {
    return digits(0, 4) && text[4] == '-' && digits(5, 2) && text.substr(5, 2) >= "01" && text.substr(5, 2) <= "12";
  }
  if (text.size() == 10) {
    return digits(0, 4) && text[4] == '-' && digits(5, 2) && text[7] == '-' && digits(8, 2) &&
           text.substr(5, 2) >= "01" && text.substr(5, 2) <= "12" && text.substr(8, 2) >= "01" &&
           text.substr(8, 2) <= "31";
  }
  return false;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. A Windows-1252 file with any
// letter outside ASCII fails this almost surely, since 1252 letters are never followed by continuation bytes.
bool is_valid_utf8(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<std::uint8_t>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint8_t low = 0x80;
    std::uint8_t high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;  // overlong
      high = lead == 0xED ? 0x9F : 0xBF; // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;  // overlong
      high = lead == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
    } else {
      return false;
    }
    if (i + length > bytes.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<std::uint8_t>(bytes[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

} // namespace kompass::app
