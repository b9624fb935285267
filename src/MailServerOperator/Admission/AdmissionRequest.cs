using System.Text.Json;

namespace MailServerOperator.Admission;

/// <summary>The part of an <c>AdmissionRequest</c> that the policy reads.</summary>
internal sealed record AdmissionRequest
{
    public string? Uid { get; init; }

    public AdmissionResource? Resource { get; init; }

    public string? SubResource { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string? Operation { get; init; }

    public AdmissionUserInfo? UserInfo { get; init; }

    /// <summary>The object as it will be stored (CREATE, UPDATE); absent for DELETE.</summary>
    public JsonElement? Object { get; init; }

    /// <summary>The object as it is stored (UPDATE, DELETE).</summary>
    public JsonElement? OldObject { get; init; }

    public bool? DryRun { get; init; }
}
