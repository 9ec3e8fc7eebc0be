#include "train/model_text.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

#include "fusetrack/core/checksum.hpp"

namespace fusetrack::train {

namespace {

template <typename T>
void append_bytes(std::vector<std::uint8_t>& out, const std::vector<T>& v) {
  const std::size_t at = out.size();
  out.resize(at + v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data() + at, v.data(), v.size() * sizeof(T));
}

}  // namespace

std::string float_literal(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(x));
  std::string item = buf;
  if (item.find_first_of(".e") == std::string::npos) item += ".0";
  return item + "f";
}

namespace {

std::string float_list(const std::vector<float>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    s += (i % 6 == 0 ? "\n    " : " ") + float_literal(v[i]) + ",";
  }
  return s;
}

template <typename T>
std::string int_list(const std::vector<T>& v, std::size_t per_line) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const long long x = static_cast<long long>(v[i]);
    std::string item = std::to_string(x);
    // INT32_MIN cannot be written as a literal.
    if (x == -2147483648LL) item = "(-2147483647 - 1)";
    s += (i % per_line == 0 ? "\n    " : " ") + item + ",";
  }
  return s;
}

}  // namespace

std::uint32_t model_data_id(const QuantizedMlpData& q) {
  std::vector<std::uint8_t> bytes;
  append_bytes(bytes, q.input_offset);
  append_bytes(bytes, q.input_scale);
  for (std::size_t l = 0; l < q.weights.size(); ++l) {
    append_bytes(bytes, q.weights[l]);
    append_bytes(bytes, q.bias[l]);
    append_bytes(bytes, q.multiplier[l]);
    append_bytes(bytes, q.shift[l]);
  }
  return crc32(bytes.data(), bytes.size());
}

std::string mlp_arrays_text(const QuantizedMlpData& q) {
  std::string h;
  h += "inline constexpr float kInputOffset[] = {" + float_list(q.input_offset) + "\n};\n";
  h += "inline constexpr float kInputScale[] = {" + float_list(q.input_scale) + "\n};\n";
  for (std::size_t l = 0; l < q.weights.size(); ++l) {
    const std::string L = std::to_string(l);
    h += "inline constexpr std::int8_t kWeights" + L + "[] = {" + int_list(q.weights[l], 16) +
         "\n};\n";
    h += "inline constexpr std::int32_t kBias" + L + "[] = {" + int_list(q.bias[l], 8) + "\n};\n";
    h += "inline constexpr std::int32_t kMultiplier" + L + "[] = {" + int_list(q.multiplier[l], 8) +
         "\n};\n";
    h += "inline constexpr std::int8_t kShift" + L + "[] = {" + int_list(q.shift[l], 16) + "\n};\n";
  }
  h += "inline constexpr classify::DenseLayer kLayers[] = {\n";
  for (std::size_t l = 0; l < q.layers.size(); ++l) {
    const std::string L = std::to_string(l);
    h += "    {" + std::to_string(q.layers[l].inputs) + ", " + std::to_string(q.layers[l].outputs) +
         ", kWeights" + L + ", kBias" + L + ", kMultiplier" + L + ", kShift" + L + ", " +
         (q.layers[l].relu ? "true" : "false") + "},\n";
  }
  h += "};\n";
  return h;
}

}  // namespace fusetrack::train
