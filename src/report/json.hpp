// The JSON every command prints with --json: one object type, whose keys come out in the order
// they were set (the same order in every command and every run), and helpers that fix how numbers
// and vectors are written, so a key's type does not depend on the value.
#pragma once

#include <string>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "fusetrack/core/types.hpp"

namespace fusetrack::report {

// A JSON value whose objects keep their keys in insertion order.
using Json = nlohmann::ordered_json;

// `v` as a number, or null when it is NaN or infinite (JSON has no such numbers). Explicit, so the
// contract does not rest on the library's choice. A float is widened to double exactly.
Json number_or_null(double v);
Json number_or_null(float v);

// [x, y, z], each component as number_or_null.
Json vec3_json(const Eigen::Vector3d& v);
Json vec3_json(const Vec3& v);

// [w, x, y, z], each component as number_or_null.
Json quat_json(const Quat& q);

// `j` as the commands print it: indented by two spaces, non-ASCII text as UTF-8, a final newline.
std::string json_text(const Json& j);

}  // namespace fusetrack::report
