namespace MailServerOperator.Probing;

/// <summary>How a probe secures its connection.</summary>
internal enum ProbeTlsMode
{
    /// <summary>Plain text; the server's STARTTLS offer is not used.</summary>
    None,

    /// <summary>Plain text first, then STARTTLS (STLS for POP3); a server that does not offer it fails the probe.</summary>
    StartTls,

    /// <summary>TLS from the first byte (ports 995, 993, 465).</summary>
    Implicit,
}
