import { test } from "node:test";
import assert from "node:assert/strict";
import { keyedCache, versionedCache } from "@/lib/ops/versioned-cache";

test("versionedCache: reused while the key holds and the lifetime lasts; one load for simultaneous misses", async () => {
  const cache = versionedCache<number>(5_000);
  let loads = 0;
  const load = async () => ++loads;
  const at = (ms: number) => new Date(1_000_000 + ms);

  const [a, b] = await Promise.all([cache.get("v1", at(0), load), cache.get("v1", at(0), load)]);
  assert.deepEqual([a, b, loads], [1, 1, 1], "two misses at once share one load");
  assert.equal(await cache.get("v1", at(4_999), load), 1, "within the lifetime: reused");
  assert.equal(await cache.get("v2", at(4_999), load), 2, "a new key (a write): loaded again");
  assert.equal(await cache.get("v2", at(10_000), load), 3, "the lifetime over: loaded again");
  assert.equal(await cache.get("v2", at(9_000), load), 4, "a clock that went back: loaded again");
  cache.clear();
  assert.equal(await cache.get("v2", at(9_001), load), 5, "after clear(): loaded again");
  await assert.rejects(cache.get("v3", at(9_002), async () => Promise.reject(new Error("down"))), /down/);
  assert.equal(await cache.get("v3", at(9_002), load), 6, "a failed load is not kept");
});

test("keyedCache: one value per key, simultaneous misses share a load, failures are not kept, the least recently used goes first", async () => {
  const cache = keyedCache<string>(2);
  const loads: string[] = [];
  const load = (v: string) => async () => {
    loads.push(v);
    return v;
  };
  const [a, b] = await Promise.all([cache.get("k1", load("one")), cache.get("k1", load("other"))]);
  assert.deepEqual([a, b, loads], ["one", "one", ["one"]], "two misses at once share the first load");
  assert.equal(await cache.get("k1", load("again")), "one", "a hit does not load");
  assert.equal(await cache.get("k2", load("two")), "two");
  assert.equal(await cache.get("k1", load("again")), "one", "k1 used again: now k2 is the least recently used");
  assert.equal(await cache.get("k3", load("three")), "three");
  assert.equal(cache.size, 2, "bounded");
  assert.equal(await cache.get("k1", load("again")), "one", "k1 stayed");
  assert.equal(await cache.get("k2", load("two again")), "two again", "k2 went out and loads afresh");
  await assert.rejects(cache.get("k4", async () => Promise.reject(new Error("down"))), /down/);
  assert.equal(await cache.get("k4", load("four")), "four", "a failed load is not kept");
  cache.clear();
  assert.equal(cache.size, 0);
});
