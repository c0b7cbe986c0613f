import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger. Service name and level come from POWERTOOLS_* variables. */
export const logger = new Logger();
