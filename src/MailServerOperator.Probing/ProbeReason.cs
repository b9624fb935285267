namespace MailServerOperator.Probing;

/// <summary>Why a probe ended the way it did: a closed set, each value documented where it is produced.</summary>
internal enum ProbeReason
{
    Verified,
}
