using MailServerOperator.Api;

namespace MailServerOperator.Verification;

/// <summary>Told when a verification of <paramref name="key"/> has a new outcome to write (the composition root enqueues the key).</summary>
internal delegate void VerificationCompleted(ObjectKey key);
