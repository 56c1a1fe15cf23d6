/**
 * An error the user can act on: one line naming the input and the reason. The CLI prints it and exits 2;
 * the server reports it in health and carries on. Anything else is a bug and keeps its stack.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
