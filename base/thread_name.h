// Names the calling thread, so `ps -L`, `top -H`, gdb and perf tell kapi's threads apart (all
// would show "kapi" otherwise). Every long-lived thread kapi starts calls this first.
#pragma once

#include <pthread.h>

#include <algorithm>
#include <string_view>

namespace kapi {

// Linux keeps 15 bytes of a name and refuses a longer one (ERANGE), so longer names are cut.
inline void set_thread_name(std::string_view name) {
  char buf[16] = {};
  name.copy(buf, std::min<std::size_t>(name.size(), sizeof buf - 1));
  pthread_setname_np(pthread_self(), buf);
}

}  // namespace kapi
