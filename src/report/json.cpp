#include "report/json.hpp"

#include <cmath>

namespace fusetrack::report {

Json number_or_null(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

Json number_or_null(float v) { return number_or_null(static_cast<double>(v)); }

Json vec3_json(const Eigen::Vector3d& v) {
  Json j = Json::array();
  for (Eigen::Index i = 0; i < 3; ++i) j.push_back(number_or_null(v[i]));
  return j;
}

Json vec3_json(const Vec3& v) { return vec3_json(Eigen::Vector3d(v.cast<double>())); }

Json quat_json(const Quat& q) {
  Json j = Json::array();
  for (const float c : {q.w(), q.x(), q.y(), q.z()}) j.push_back(number_or_null(c));
  return j;
}

std::string json_text(const Json& j) { return j.dump(2) + "\n"; }

}  // namespace fusetrack::report
