/*
 * hire_prefetch — asks the processor to start loading the cache line at an address, without
 * waiting for it and without faulting whatever the address: the board index's large hash
 * tables look up a batch of values at a time, and the slot of a value a few rows ahead is
 * fetched while the current one is probed (its first slot was half the indexer's time).
 */
#ifndef HIRE_PREFETCH_H
#define HIRE_PREFETCH_H

static inline void hire_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
