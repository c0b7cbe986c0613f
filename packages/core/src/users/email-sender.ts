/** One email to send: plain text and HTML alternatives. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email (SES in AWS and locally); resolves with the provider's message id. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
