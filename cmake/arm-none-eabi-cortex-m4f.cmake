# Toolchain file: the device core for an ARM Cortex-M4F (FPv4-SP, hard float), with Debian's
# gcc-arm-none-eabi and newlib (nano). Used by bench/firmware/ (see bench/firmware/README.md):
#   cmake -S bench/firmware -B build-m4f -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi-cortex-m4f.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
# A bare-metal compiler cannot link a test program without a linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(FUSETRACK_M4F_ARCH -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard)
string(JOIN " " _arch ${FUSETRACK_M4F_ARCH})
set(CMAKE_C_FLAGS_INIT "${_arch}")
set(CMAKE_CXX_FLAGS_INIT "${_arch}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_arch}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
