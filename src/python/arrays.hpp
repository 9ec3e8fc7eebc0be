// NumPy input checks shared by the bindings: an array of the expected kind and shape, converted
// to the dtype the C++ side reads (C order, no copy when it already is), or a clear TypeError /
// ValueError naming the argument. Never a crash, never a silent truncation of time stamps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace fusetrack::python {

namespace py = pybind11;

// "float64 array of shape (3, 4)" for messages.
inline std::string describe(const py::array& a) {
  std::string shape = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    shape += (i > 0 ? ", " : "") + std::to_string(a.shape(i));
  }
  if (a.ndim() == 1) shape += ",";
  shape += ")";
  return py::str(a.dtype()).cast<std::string>() + " array of shape " + shape;
}

inline py::array as_array(const py::handle& obj, const char* what) {
  if (obj.is_none()) throw py::type_error(std::string(what) + ": expected an array, got None");
  py::array a = py::array::ensure(obj);
  if (!a) throw py::type_error(std::string(what) + ": expected an array-like of numbers");
  return a;
}

// Time stamps: integers (any width or signedness that fits int64), one dimension. Floats are
// refused: a µs stamp must not be rounded silently.
inline py::array_t<std::int64_t> time_array(const py::handle& obj, const char* what) {
  py::array a = as_array(obj, what);
  const char kind = a.dtype().kind();
  if (kind != 'i' && kind != 'u') {
    throw py::type_error(std::string(what) + ": expected integer time stamps in µs (int64), got " +
                         describe(a));
  }
  if (a.ndim() != 1) {
    throw py::value_error(std::string(what) + ": expected shape (N,), got " + describe(a));
  }
  if (kind == 'u' && a.dtype().itemsize() >= 8) {
    // uint64 beyond int64's range cannot be a time stamp.
    auto u = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>::ensure(a);
    const std::uint64_t* p = u.data();
    for (py::ssize_t i = 0; i < u.size(); ++i) {
      if (p[i] > static_cast<std::uint64_t>(INT64_MAX)) {
        throw py::value_error(std::string(what) + "[" + std::to_string(i) +
                              "]: beyond the int64 range of a time stamp");
      }
    }
  }
  return py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
}

// Real values (float or integer dtype) converted to float32 (or float64 with T = double), shape
// (N, cols), or (N,) when cols is 0. `n` is the expected N (the time stamps' count).
template <typename T = float>
py::array_t<T> value_array(const py::handle& obj, const char* what, std::size_t n,
                           py::ssize_t cols) {
  py::array a = as_array(obj, what);
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw py::type_error(std::string(what) + ": expected real numbers, got " + describe(a));
  }
  const bool shape_ok = cols == 0 ? a.ndim() == 1 : a.ndim() == 2 && a.shape(1) == cols;
  const std::string expected = cols == 0 ? "(N,)" : "(N, " + std::to_string(cols) + ")";
  if (!shape_ok || static_cast<std::size_t>(a.shape(0)) != n) {
    throw py::value_error(std::string(what) + ": expected shape " + expected + " with N = " +
                          std::to_string(n) + " (one row per time stamp), got " + describe(a));
  }
  return py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(a);
}

}  // namespace fusetrack::python
