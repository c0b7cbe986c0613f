// The posts bounded context: domain functions, schemas and repositories.
export {};
