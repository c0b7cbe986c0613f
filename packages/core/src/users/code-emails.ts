import { APP_NAME } from './welcome-email';

/** The e-mail Cognito sends with a code, by the CustomMessage trigger's source. */
export interface CodeEmail {
  emailSubject: string;
  emailMessage: string;
}

/**
 * Each code e-mail says what it is for: a sign-up confirmation and a password reset must not look
 * alike. `codeParameter` is Cognito's placeholder (`{####}`), which Cognito replaces with the code.
 * Undefined for a source this app does not customise (Cognito then sends its default message).
 */
export function codeEmailFor(triggerSource: string, codeParameter: string): CodeEmail | undefined {
  switch (triggerSource) {
    case 'CustomMessage_SignUp':
    case 'CustomMessage_ResendCode':
      return {
        emailSubject: `Confirm your ${APP_NAME} account`,
        emailMessage: `Welcome! Your confirmation code is ${codeParameter}. Enter it on the sign-up page to finish creating your account. If you did not sign up, ignore this email.`,
      };
    case 'CustomMessage_ForgotPassword':
      return {
        emailSubject: `Reset your ${APP_NAME} password`,
        emailMessage: `Someone (hopefully you) asked to reset your password. Your reset code is ${codeParameter}. If it was not you, ignore this email: your password stays as it is.`,
      };
    case 'CustomMessage_UpdateUserAttribute':
    case 'CustomMessage_VerifyUserAttribute':
      return {
        emailSubject: `Verify your new ${APP_NAME} email address`,
        emailMessage: `Your verification code is ${codeParameter}.`,
      };
    default:
      return undefined;
  }
}
