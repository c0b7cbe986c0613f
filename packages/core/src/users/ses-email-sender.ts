import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailSender, OutgoingEmail } from './email-sender';

/**
 * SES v2 SendEmail. The client's endpoint is the SDK's own business (AWS_ENDPOINT_URL_SESV2
 * locally). In the SES sandbox both sender and recipient must be verified identities.
 */
export class SesEmailSender implements EmailSender {
  constructor(private readonly ses: SESv2Client) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const charset = 'UTF-8';
    const result = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: charset },
            Body: {
              Text: { Data: email.text, Charset: charset },
              Html: { Data: email.html, Charset: charset },
            },
          },
        },
      }),
    );
    return { messageId: result.MessageId ?? 'unknown' };
  }
}
