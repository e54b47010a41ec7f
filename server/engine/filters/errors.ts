/**
 * A filter that is well-formed but names something the database does not hold (an unknown park
 * or cluster code). Routers and export endpoints turn it into HTTP 400 with this message.
 */
export class FilterValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterValidationError';
  }
}
