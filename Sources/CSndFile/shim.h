// The C surface of libsndfile that JukeboxAudio uses. Only JukeboxAudio imports this module.
#ifndef JUKEBOX_CSNDFILE_SHIM_H
#define JUKEBOX_CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
