// The C surface of libsamplerate that JukeboxAudio uses. Only JukeboxAudio imports this module.
#ifndef JUKEBOX_CSAMPLERATE_SHIM_H
#define JUKEBOX_CSAMPLERATE_SHIM_H
#include <samplerate.h>
#endif
