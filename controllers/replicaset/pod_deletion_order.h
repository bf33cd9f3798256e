// Which pods a ReplicaSet deletes first when it has too many (upstream's ActivePodsWithRanks):
// the least useful go first, so a scale-down removes pods that serve nothing yet before working
// ones.
#pragma once

#include <vector>

#include "client/object_cache.h"

namespace kapi::controllers {

// `pods` ordered most-deletable first:
//   1. unscheduled before scheduled;
//   2. Pending before Unknown before Running;
//   3. not ready before ready;
//   4. on a node crowded with more of these pods before on a node with fewer;
//   5. both ready: ready for a shorter time first;
//   6. more container restarts first;
//   7. newer (creationTimestamp) first.
std::vector<client::ObjectPtr> order_for_deletion(std::vector<client::ObjectPtr> pods);

}  // namespace kapi::controllers
