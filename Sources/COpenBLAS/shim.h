// The C surface of OpenBLAS (cblas plus the thread-count controls). Only BLAS.swift in
// JukeboxTensor imports this module.
#ifndef JUKEBOX_COPENBLAS_SHIM_H
#define JUKEBOX_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
