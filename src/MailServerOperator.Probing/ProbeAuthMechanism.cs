namespace MailServerOperator.Probing;

/// <summary>The SMTP AUTH mechanism an outgoing server is probed with.</summary>
internal enum ProbeAuthMechanism
{
    /// <summary>No SMTP AUTH: credentials are not used.</summary>
    None,

    /// <summary>SASL PLAIN.</summary>
    Plain,

    /// <summary>SASL LOGIN.</summary>
    Login,

    /// <summary>SASL CRAM-MD5.</summary>
    CramMd5,

    /// <summary>
    /// SASL XOAUTH2. It needs an OAuth access token, not a password, so the probe only checks that the server offers
    /// it and never logs in.
    /// </summary>
    XOAuth2,
}
