/**
 * The k-of-n exchange between keeper instances: a directory every instance can read and write (a shared volume,
 * an NFS/SMB mount, a synced folder). Layout, per feed and round:
 *
 *   <shareDir>/<feed address>/<roundId>/proposal.json            written by the transmitter
 *   <shareDir>/<feed address>/<roundId>/<reportHash>.<signer>.sig  one per signer and exact report
 *
 * A proposal is `{ report: {roundId, answer, observedAt}, reason, proposer }`. A signature file holds the 65-byte
 * EIP-712 signature of that exact report (the file name carries the report hash, so signatures of a superseded
 * proposal are never mixed with the current one). Every write is atomic (temp file + rename). Nothing here is
 * trusted: the transmitter recovers each signer from the signature and checks `isSigner` on chain, and the feed
 * contract verifies everything again.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Address, type Hex, isHex, keccak256, toHex } from "viem";
import { fromJson, toJson } from "../../state.js";

export type Proposal = {
  report: { roundId: bigint; answer: bigint; observedAt: bigint };
  reason: string;
  proposer: Address;
};

function writeAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function reportHash(p: Proposal): Hex {
  const r = p.report;
  return keccak256(toHex(`${r.roundId}:${r.answer}:${r.observedAt}`));
}

export class ShareDir {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  private dir(feed: Address, round: bigint): string {
    const d = join(this.root, feed.toLowerCase(), round.toString());
    mkdirSync(d, { recursive: true });
    return d;
  }

  writeProposal(feed: Address, proposal: Proposal): void {
    writeAtomic(join(this.dir(feed, proposal.report.roundId), "proposal.json"), toJson(proposal));
  }

  readProposal(feed: Address, round: bigint): Proposal | undefined {
    try {
      return fromJson<Proposal>(readFileSync(join(this.dir(feed, round), "proposal.json"), "utf8"));
    } catch {
      return undefined; // none yet (or half-synced: next tick)
    }
  }

  private sigName(proposal: Proposal, signer: Address): string {
    return `${reportHash(proposal)}.${signer.toLowerCase()}.sig`;
  }

  hasSignature(feed: Address, proposal: Proposal, signer: Address): boolean {
    return readdirSync(this.dir(feed, proposal.report.roundId)).includes(this.sigName(proposal, signer));
  }

  writeSignature(feed: Address, proposal: Proposal, signer: Address, signature: Hex): void {
    writeAtomic(join(this.dir(feed, proposal.report.roundId), this.sigName(proposal, signer)), signature);
  }

  /** Signatures filed for exactly this proposal's report (unverified). */
  readSignatures(feed: Address, proposal: Proposal): { file: string; signature: Hex }[] {
    const dir = this.dir(feed, proposal.report.roundId);
    const prefix = `${reportHash(proposal)}.`;
    return readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith(".sig"))
      .flatMap((file) => {
        const text = readFileSync(join(dir, file), "utf8").trim();
        return isHex(text) ? [{ file, signature: text as Hex }] : [];
      });
  }
}
