#include <gtest/gtest.h>

#include "model/framework.hpp"

using kompass::model::version_less;

TEST(VersionLess, ComparesNumbersAsNumbers) {
  EXPECT_TRUE(version_less("2010.2", "2010.10"));
  EXPECT_FALSE(version_less("2010.10", "2010.2"));
  EXPECT_TRUE(version_less("2010.9", "2011.1"));
  EXPECT_TRUE(version_less("2010", "2010.1"));
  EXPECT_FALSE(version_less("2010.1", "2010"));
  EXPECT_FALSE(version_less("2010.1", "2010.1"));
  EXPECT_FALSE(version_less("2010.01", "2010.1")); // leading zeros do not count
  EXPECT_TRUE(version_less("2020.1-draft", "2020.1-final"));
  EXPECT_TRUE(version_less("99999999999999999999.1", "100000000000000000000.1")); // longer than any integer type
}
