# edgec_add_model: compiles an ONNX model with edgec at build time into a
# static library target built with the project's own compiler and flags.
#
#   edgec_add_model(TARGET mynet MODEL net.onnx
#                   [NAME net]            # C prefix: net_run, NET_ARENA_SIZE
#                   [CPU cortex-m4]       # edgec --target (default host)
#                   [QUANTIZE int8 CALIB calib.npy]
#                   [CFLAGS -Os ...]      # more flags for the model's C
#                   [EDGEC_FLAGS ...])    # more edgec flags
#
# The target `mynet` links like any library: its include directory holds
# NAME.h. The sources are regenerated when the model, the calibration data
# or edgec change. Compile the project for the same CPU (-mcpu, float ABI)
# as CPU names.
include_guard(GLOBAL)

function(edgec_add_model)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;MODEL;NAME;CPU;QUANTIZE;CALIB"
                        "CFLAGS;EDGEC_FLAGS")
  if(NOT ARG_TARGET OR NOT ARG_MODEL)
    message(FATAL_ERROR "edgec_add_model: TARGET and MODEL are required")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "edgec_add_model: unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_NAME)
    string(MAKE_C_IDENTIFIER "${ARG_TARGET}" ARG_NAME)
  endif()
  if(NOT ARG_CPU)
    set(ARG_CPU host)
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/edgec_${ARG_TARGET}")
  # One weights file (no .incbin, no split): a fixed list of sources.
  set(flags --name "${ARG_NAME}" --target "${ARG_CPU}" --weights=bytes
            --weights-file-bytes=9223372036854775807 ${ARG_EDGEC_FLAGS})
  set(depends "${model}" "${EDGEC_EXECUTABLE}")
  if(ARG_QUANTIZE)
    if(NOT ARG_CALIB)
      message(FATAL_ERROR "edgec_add_model: QUANTIZE needs CALIB")
    endif()
    get_filename_component(calib "${ARG_CALIB}" ABSOLUTE)
    list(APPEND flags "--quantize=${ARG_QUANTIZE}" "--calib=${calib}")
    list(APPEND depends "${calib}")
  endif()
  set(sources "${out}/${ARG_NAME}.c" "${out}/${ARG_NAME}_weights.c")
  add_custom_command(
    OUTPUT ${sources} "${out}/${ARG_NAME}.h" "${out}/${ARG_NAME}_weights.h"
           "${out}/report.json"
    COMMAND "${EDGEC_EXECUTABLE}" "${model}" -o "${out}" ${flags}
    DEPENDS ${depends}
    COMMENT "edgec: ${ARG_MODEL} for ${ARG_CPU}"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${sources})
  target_include_directories(${ARG_TARGET} PUBLIC "${out}")
  set_target_properties(${ARG_TARGET} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
                                                 C_EXTENSIONS OFF)
  if(ARG_CFLAGS)
    target_compile_options(${ARG_TARGET} PRIVATE ${ARG_CFLAGS})
  endif()
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "MSVC")
    # expf and friends for the float kernels when libm is separate.
    include(CheckLibraryExists)
    check_library_exists(m expf "" EDGEC_HAVE_LIBM)
    if(EDGEC_HAVE_LIBM)
      target_link_libraries(${ARG_TARGET} PUBLIC m)
    endif()
  endif()
endfunction()
