#include "gateway/sequencer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "gateway/input_codec.h"
#include "journal/directory.h"

namespace ftz::gw {

absl::StatusOr<std::unique_ptr<Sequencer>> Sequencer::Open(const JournalOptions& options,
                                                           std::string market_name,
                                                           uint64_t market_fingerprint,
                                                           uint64_t next_seq, Hooks hooks) {
  std::unique_ptr<Sequencer> s(new Sequencer(options, std::move(market_name), market_fingerprint,
                                             next_seq, std::move(hooks)));
  if (absl::Status st = s->Roll(); !st.ok()) return st;
  return s;
}

journal::FileHeader Sequencer::Header(journal::FileHeader::Kind kind, uint64_t seq) const {
  journal::FileHeader h;
  h.set_format_version(1);
  h.set_kind(kind);
  h.set_market(market_name_);
  h.set_market_fingerprint(fingerprint_);
  h.set_seq(seq);
  h.set_max_open_orders(options_.max_open_orders);
  h.set_created_unix_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
  return h;
}

absl::Status Sequencer::Roll() {
  absl::StatusOr<std::unique_ptr<journal::SegmentWriter>> w = journal::SegmentWriter::Create(
      journal::SegmentPath(options_.dir, next_seq_),
      Header(journal::FileHeader::SEGMENT, next_seq_), options_.fsync);
  if (!w.ok()) return w.status();
  writer_ = *std::move(w);
  segment_first_ = next_seq_;
  return absl::OkStatus();
}

void Sequencer::Fatal(const absl::Status& s) {
  std::fprintf(stderr, "ftz serve: fatal: %s; stopping without acknowledging more\n",
               std::string(s.message()).c_str());
  std::fflush(stderr);
  std::_Exit(75);
}

absl::Status Sequencer::Commit(bool sync) {
  if (absl::Status s = writer_->Write(); !s.ok()) return s;
  if (sync) {
    if (absl::Status s = writer_->Sync(); !s.ok()) Fatal(s);
  }
  return absl::OkStatus();
}

void Sequencer::Run(const std::vector<Request>& batch, absl::FunctionRef<void(const Request&)> run,
                    absl::FunctionRef<void(const Request&, const absl::Status&)> refuse) {
  const bool every = options_.fsync == journal::FsyncMode::kEvery;
  journal::InputBatch* inputs = record_.mutable_inputs();
  if (every) {
    // One record and one fdatasync per input, before it runs.
    for (const Request& r : batch) {
      if (!ChangesState(r)) {
        run(r);
        continue;
      }
      inputs->Clear();
      inputs->set_first_seq(next_seq_);
      AppendInput(r, inputs);
      writer_->Add(record_);
      if (absl::Status s = Commit(true); !s.ok()) {
        refuse(r, s);
        continue;
      }
      ++next_seq_;
      ++since_checkpoint_;
      ++since_snapshot_;
      run(r);
    }
    return;
  }
  inputs->Clear();
  inputs->set_first_seq(next_seq_);
  for (const Request& r : batch) {
    if (ChangesState(r)) AppendInput(r, inputs);
  }
  const int n = InputCount(*inputs);
  absl::Status written = absl::OkStatus();
  if (n > 0) {
    writer_->Add(record_);
    written = writer_->Write();
  }
  for (const Request& r : batch) {
    if (!written.ok() && ChangesState(r)) {
      refuse(r, written);
    } else {
      run(r);
    }
  }
  if (n > 0 && written.ok()) {
    next_seq_ += n;
    since_checkpoint_ += n;
    since_snapshot_ += n;
    if (options_.fsync == journal::FsyncMode::kBatch) {
      if (defer_batch_sync_) {
        unsynced_ = true;
      } else if (absl::Status s = writer_->Sync(); !s.ok()) {
        Fatal(s);
      }
    }
  }
}

std::shared_ptr<const journal::FileSync> Sequencer::TakeUnsynced() {
  if (!unsynced_) return nullptr;
  unsynced_ = false;
  return writer_->sync_handle();
}

void Sequencer::AfterBatch() {
  if (options_.snapshot_every > 0 && since_snapshot_ >= options_.snapshot_every) {
    if (absl::StatusOr<std::string> s = Snapshot(); !s.ok()) {
      std::fprintf(stderr, "ftz serve: snapshot failed: %s\n",
                   std::string(s.status().message()).c_str());
      since_snapshot_ = 0;  // retried after another interval
    }
    return;
  }
  if (options_.checkpoint_every > 0 && since_checkpoint_ >= options_.checkpoint_every) {
    Checkpoint();
  }
}

void Sequencer::Checkpoint() {
  journal::Checkpoint* c = record_.mutable_checkpoint();
  c->set_seq(last_seq());
  c->set_state_hash(hooks_.state_hash());
  writer_->Add(record_);
  // A checkpoint that cannot be written is only a check less.
  (void)Commit(options_.fsync != journal::FsyncMode::kNone);
  since_checkpoint_ = 0;
}

absl::StatusOr<std::string> Sequencer::Snapshot() {
  journal::Snapshot snap;
  hooks_.snapshot(&snap);
  snap.set_last_seq(last_seq());
  snap.set_state_hash(hooks_.state_hash());
  // The segment ends with the checkpoint of the state the snapshot holds.
  journal::Checkpoint* c = record_.mutable_checkpoint();
  c->set_seq(last_seq());
  c->set_state_hash(snap.state_hash());
  writer_->Add(record_);
  if (absl::Status s = Commit(options_.fsync != journal::FsyncMode::kNone); !s.ok()) return s;
  if (absl::Status s = journal::WriteSnapshotFile(
          options_.dir, Header(journal::FileHeader::SNAPSHOT, last_seq()), snap, options_.fsync);
      !s.ok()) {
    return s;
  }
  since_snapshot_ = 0;
  since_checkpoint_ = 0;
  // Roll over, unless the segment holds no input yet (it already starts after the
  // snapshot).
  if (segment_first_ != next_seq_) {
    if (absl::Status s = Roll(); !s.ok()) return s;
  }
  return journal::SnapshotPath(options_.dir, last_seq());
}

}  // namespace ftz::gw
