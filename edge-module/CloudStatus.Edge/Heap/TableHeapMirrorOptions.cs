using System.Text.RegularExpressions;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The heap mirror on Table storage: either a connection string (Azurite, or a key in a lab) or the table service
/// URI with <c>DefaultAzureCredential</c> (a managed identity; <c>AZURE_CLIENT_ID</c> picks a user-assigned one).
/// </summary>
public sealed partial class TableHeapMirrorOptions
{
    public string? ConnectionString { get; set; }

    /// <summary>e.g. <c>https://myaccount.table.core.windows.net/</c>; used with Entra ID when no connection string is set.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>One table for every local server of the account: each server is a partition.</summary>
    public string TableName { get; set; } = "cloudstatusheap";

    /// <summary>Create the table at start if missing (needs the right to create tables).</summary>
    public bool CreateTableIfNotExists { get; set; } = true;

    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        var hasConnection = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasUri = !string.IsNullOrWhiteSpace(ServiceUri);
        if (hasConnection == hasUri)
        {
            errors.Add($"{section}: set exactly one of ConnectionString (Azurite, keys) or ServiceUri (Entra ID via DefaultAzureCredential).");
        }

        if (hasUri && (!Uri.TryCreate(ServiceUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            errors.Add($"{section}:ServiceUri must be the table service URL, e.g. https://myaccount.table.core.windows.net/ (was '{ServiceUri}').");
        }

        if (!TableNamePattern().IsMatch(TableName ?? string.Empty))
        {
            errors.Add($"{section}:TableName must be 3–63 letters and digits starting with a letter (was '{TableName}').");
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
