using System.Security.Cryptography.X509Certificates;

namespace MailServerOperator.Certificates;

/// <summary>
/// The certificate the webhook serves right now. Kestrel asks for it on every TLS handshake, so a rotated certificate is
/// served from the next connection on, without a restart.
/// </summary>
internal sealed class ServingCertificate
{
    private volatile X509Certificate2? _current;

    /// <summary>Null until the first certificate is loaded; a handshake before that fails.</summary>
    public X509Certificate2? Current => _current;

    /// <summary>Serves <paramref name="certificate"/> from now on; false when it is the one already served.</summary>
    public bool Update(X509Certificate2 certificate)
    {
        if (_current is { } current && current.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
        {
            return false;
        }

        // The one replaced is not disposed: a handshake may still be using it; the garbage collector frees it.
        _current = certificate;
        return true;
    }
}
