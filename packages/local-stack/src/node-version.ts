/** The Node major the project runs on (Lambda `nodejs24.x`); `engines` in package.json says the same. */
export const REQUIRED_NODE_MAJOR = 24;

/** Why this Node cannot run the project, or undefined when it can. */
export function nodeVersionProblem(version = process.versions.node): string | undefined {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_NODE_MAJOR) return undefined;
  return `This project runs on Node ${REQUIRED_NODE_MAJOR} (as the Lambda nodejs${REQUIRED_NODE_MAJOR}.x runtime); this is Node ${version}.
Put a Node ${REQUIRED_NODE_MAJOR} first on PATH and run the command again, for example:
  export PATH="$(scripts/ensure-node24.sh):$PATH"   # fetches Node ${REQUIRED_NODE_MAJOR} from the npm registry into .cache/node24/ once
  npm start`;
}
