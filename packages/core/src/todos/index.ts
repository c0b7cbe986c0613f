// The todos bounded context: domain functions, schemas and repositories.
export {};
