// The sequencer: one in front of the engine (on the engine thread). It numbers every
// request that changes state (request.h, ChangesState) and appends it to the write-ahead
// journal before the engine runs it; the batch's reports are published only after the
// journal is synced (group commit: one fdatasync per batch, or per input with
// --fsync=every). Every `checkpoint_every` inputs it records the engine's state hash;
// every `snapshot_every` inputs, or when asked, it writes a snapshot and rolls the
// journal over to a new segment. docs/journal.md describes the files.
//
// A journal that cannot be written (a full disk) refuses the batch's inputs without
// running them (the caller answers JOURNAL_UNAVAILABLE) and tries again with the next
// batch. A failed fdatasync is fatal: what the kernel could not write back is lost, and
// the server must not acknowledge anything more (the process exits with status 75).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/request.h"
#include "journal/fsync_mode.h"
#include "journal/segment_writer.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::gw {

struct JournalOptions {
  std::string dir;  // empty: no journal
  journal::FsyncMode fsync = journal::FsyncMode::kBatch;
  uint64_t snapshot_every = 1'000'000;  // inputs between snapshots; 0: only when asked
  uint64_t checkpoint_every = 65'536;   // inputs between state-hash checkpoints
  // Recorded in every file's header: the inputs ran under this open-order limit
  // (EngineWorker::set_max_open_orders), and replay runs them under it again.
  uint32_t max_open_orders = 0;
};

class Sequencer {
 public:
  struct Hooks {
    std::function<uint64_t()> state_hash;
    std::function<void(journal::Snapshot*)> snapshot;  // fills all but last_seq, hash
  };

  // Starts a new segment at `next_seq` in options.dir (after recovery).
  static absl::StatusOr<std::unique_ptr<Sequencer>> Open(const JournalOptions& options,
                                                         std::string market_name,
                                                         uint64_t market_fingerprint,
                                                         uint64_t next_seq, Hooks hooks);

  // Journals the state-changing requests of `batch`, then runs every request through
  // `run` in order; those the journal could not take go to `refuse` instead. On return
  // what ran is durable (per the fsync mode).
  void Run(const std::vector<Request>& batch, absl::FunctionRef<void(const Request&)> run,
           absl::FunctionRef<void(const Request&, const absl::Status&)> refuse);
  // With --fsync=batch, Run() leaves the batch's sync to the caller from now on: the
  // caller must not publish the batch's reports before TakeUnsynced()'s handle synced
  // (gateway/group_sync.h does that on a thread of its own).
  void DeferBatchSync() { defer_batch_sync_ = true; }
  // The segment to sync for what Run() wrote since the last call (null: nothing).
  std::shared_ptr<const journal::FileSync> TakeUnsynced();
  // After a batch ran: a checkpoint or snapshot when due. Snapshot(): now.
  void AfterBatch();
  absl::StatusOr<std::string> Snapshot();
  // A checkpoint of the state now, written and synced (a clean shutdown's last record).
  void Checkpoint();

  uint64_t last_seq() const { return next_seq_ - 1; }
  journal::FsyncMode fsync() const { return options_.fsync; }
  // A failed sync: what the kernel could not write back is lost, so the process ends
  // (status 75) without acknowledging anything more.
  [[noreturn]] static void Fatal(const absl::Status& s);
  const std::string& segment_path() const { return writer_->path(); }

 private:
  Sequencer(JournalOptions options, std::string market_name, uint64_t fingerprint,
            uint64_t next_seq, Hooks hooks)
      : options_(std::move(options)),
        market_name_(std::move(market_name)),
        fingerprint_(fingerprint),
        next_seq_(next_seq),
        hooks_(std::move(hooks)) {}

  journal::FileHeader Header(journal::FileHeader::Kind kind, uint64_t seq) const;
  absl::Status Roll();
  // Writes and syncs what is buffered; a sync failure ends the process.
  absl::Status Commit(bool sync);

  JournalOptions options_;
  std::string market_name_;
  uint64_t fingerprint_;
  uint64_t next_seq_;
  Hooks hooks_;
  std::unique_ptr<journal::SegmentWriter> writer_;
  journal::Record record_;      // reused
  uint64_t segment_first_ = 0;  // the current segment's first input
  uint64_t since_checkpoint_ = 0;
  uint64_t since_snapshot_ = 0;
  bool defer_batch_sync_ = false;
  bool unsynced_ = false;  // Run() wrote inputs and deferred their sync
};

}  // namespace ftz::gw
