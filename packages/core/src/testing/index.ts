// Test doubles for unit tests only (`@app/core/testing`): never imported by production code.
export { InMemoryPersistenceLayer } from './in-memory-persistence-layer';
export { InMemoryUserRepository } from './in-memory-user-repository';
