// The commands' JSON helpers: numbers that JSON cannot hold become null, vectors keep their
// order and types, and an object's keys come out in the order they were set.
#include "report/json.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace fusetrack::report {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(JsonNumberOrNull, NanAndInfinityBecomeNullAndFiniteValuesStayNumbers) {
  EXPECT_TRUE(number_or_null(std::nan("")).is_null());
  EXPECT_TRUE(number_or_null(kInf).is_null());
  EXPECT_TRUE(number_or_null(-kInf).is_null());
  EXPECT_TRUE(number_or_null(std::numeric_limits<float>::quiet_NaN()).is_null());
  EXPECT_TRUE(number_or_null(std::numeric_limits<float>::infinity()).is_null());
  const Json j = number_or_null(-2.5);
  ASSERT_TRUE(j.is_number_float());
  EXPECT_EQ(j.get<double>(), -2.5);
  // A float is written as the double it widens to, exactly.
  const Json f = number_or_null(0.1f);
  ASSERT_TRUE(f.is_number_float());
  EXPECT_EQ(f.get<double>(), static_cast<double>(0.1f));
}

TEST(JsonNumberOrNull, ANullValueIsWrittenAsNullNotAsAString) {
  Json j;
  j["a"] = number_or_null(std::nan(""));
  j["b"] = number_or_null(1.0);
  EXPECT_EQ(j.dump(), "{\"a\":null,\"b\":1.0}");
}

TEST(JsonVectors, Vec3AndQuatAreArraysInComponentOrderWithNullForNonFinite) {
  EXPECT_EQ(vec3_json(Eigen::Vector3d(1.0, std::nan(""), -3.0)).dump(), "[1.0,null,-3.0]");
  EXPECT_EQ(vec3_json(Vec3(0.5f, 2.0f, 4.0f)).dump(), "[0.5,2.0,4.0]");
  EXPECT_EQ(quat_json(Quat(1.0f, 0.0f, -0.5f, 0.25f)).dump(), "[1.0,0.0,-0.5,0.25]");
}

TEST(JsonObject, KeysComeOutInTheOrderTheyWereSetNotSorted) {
  Json j;
  j["zeta"] = 1;
  j["alpha"] = 2;
  j["mid"]["y"] = 3;
  j["mid"]["x"] = 4;
  j["zeta"] = 5;  // setting a key again keeps its place
  EXPECT_EQ(j.dump(), "{\"zeta\":5,\"alpha\":2,\"mid\":{\"y\":3,\"x\":4}}");
}

TEST(JsonText, IsIndentedByTwoAndEndsWithANewline) {
  Json j;
  j["k"] = "µT";
  EXPECT_EQ(json_text(j), "{\n  \"k\": \"µT\"\n}\n");
}

}  // namespace
}  // namespace fusetrack::report
