#!/usr/bin/env bash
# azd hook (azure.yaml): the Entra ID app registrations of the API and the dashboard, created or brought up to date
# with Microsoft Graph through the Azure CLI's own sign-in, so `azd up` needs no secret pasted by hand (docs/adr/0090).
#   preprovision:  API app (identifier URI, app roles Status.Read/Status.Operate, scope user_impersonation, v2 access
#                  tokens, directory extension csTenant emitted as the optional claim extn.csTenant), dashboard app
#                  (public SPA client, pre-authorized on the scope), their service principals; azd env gets
#                  ENTRA_API_CLIENT_ID and ENTRA_DASHBOARD_CLIENT_ID for the Bicep parameters.
#   postprovision: the dashboard's redirect URI (CENTRAL_URL/), and the person who ran azd (AZURE_PRINCIPAL_ID) made
#                  an operator (Status.Operate) of CLOUDSTATUS_OPERATOR_TENANTS (default *, every tenant).
# Neither app has a client secret or certificate. Idempotent: every step finds what exists first.
set -euo pipefail
stage=${1:?usage: entra-apps.sh preprovision|postprovision}
env_name=${AZURE_ENV_NAME:?run by azd}
graph=https://graph.microsoft.com/v1.0
uri=${API_AUDIENCE:-api://cloudstatus-$env_name}
# Fixed ids: an app's role and scope ids only need to be unique within the app.
read_role=8f7c1d52-6a0e-4c3b-9d1e-3b5a0c7e2f11
operate_role=3c9e5b07-2d4f-4e8a-b6c1-7a2f9d0e5b42
scope_id=b1d4e6f8-0a2c-4e6b-8d0f-2a4c6e8b0d13
azure_cli=04b07795-8ddb-461a-bbee-02f9e1bf7b46   # Microsoft's public client id of the Azure CLI (scripts: az account get-access-token)

app_by_name() { az ad app list --display-name "$1" --query "[0].appId" -o tsv; }
object_id() { az ad app show --id "$1" --query id -o tsv; }
ensure_sp() { az ad sp show --id "$1" --query id -o tsv 2>/dev/null || az ad sp create --id "$1" --query id -o tsv; }

api_name="cloudstatus-$env_name-api"
spa_name="cloudstatus-$env_name-dashboard"

if [ "$stage" = preprovision ]; then
  api=$(app_by_name "$api_name")
  [ -n "$api" ] || api=$(az ad app create --display-name "$api_name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  spa=$(app_by_name "$spa_name")
  [ -n "$spa" ] || spa=$(az ad app create --display-name "$spa_name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  api_object=$(object_id "$api")

  existing=$(az rest --method GET --uri "$graph/applications/$api_object/extensionProperties" --query "value[?ends_with(name, '_csTenant')].name | [0]" -o tsv)
  [ -n "$existing" ] || az rest --method POST --uri "$graph/applications/$api_object/extensionProperties" \
    --body '{"name":"csTenant","dataType":"String","targetObjects":["User"]}' >/dev/null
  extension="extension_${api//-/}_csTenant"

  # Graph replaces a complex property whole: the scope is written first alone (a pre-authorization may only name an
  # existing scope), then again with the dashboard and the Azure CLI pre-authorized on it (no consent prompt).
  api_body() {
    cat <<JSON
{
  "identifierUris": ["$uri"],
  "appRoles": [
    {"id": "$read_role", "value": "Status.Read", "displayName": "Status reader", "description": "Reads servers, producers, events and history.", "allowedMemberTypes": ["User", "Application"], "isEnabled": true},
    {"id": "$operate_role", "value": "Status.Operate", "displayName": "Status operator", "description": "Reads, and sends commands to producers.", "allowedMemberTypes": ["User", "Application"], "isEnabled": true}
  ],
  "api": {
    "requestedAccessTokenVersion": 2,
    "oauth2PermissionScopes": [{"id": "$scope_id", "value": "user_impersonation", "type": "User", "isEnabled": true,
      "adminConsentDisplayName": "Use CloudStatus as the signed-in user", "adminConsentDescription": "The dashboard calls the CloudStatus API as the signed-in user.",
      "userConsentDisplayName": "Use CloudStatus as you", "userConsentDescription": "The dashboard calls the CloudStatus API as you."}],
    "preAuthorizedApplications": $1
  },
  "optionalClaims": {"accessToken": [{"name": "$extension", "source": "user", "essential": false}]}
}
JSON
  }
  body=$(mktemp)
  trap 'rm -f "$body"' EXIT
  api_body '[]' > "$body"
  az rest --method PATCH --uri "$graph/applications/$api_object" --headers Content-Type=application/json --body "@$body" >/dev/null
  api_body "[{\"appId\": \"$spa\", \"delegatedPermissionIds\": [\"$scope_id\"]}, {\"appId\": \"$azure_cli\", \"delegatedPermissionIds\": [\"$scope_id\"]}]" > "$body"
  az rest --method PATCH --uri "$graph/applications/$api_object" --headers Content-Type=application/json --body "@$body" >/dev/null
  echo "{\"requiredResourceAccess\": [{\"resourceAppId\": \"$api\", \"resourceAccess\": [{\"id\": \"$scope_id\", \"type\": \"Scope\"}]}]}" > "$body"
  az rest --method PATCH --uri "$graph/applications/$(object_id "$spa")" --headers Content-Type=application/json --body "@$body" >/dev/null
  ensure_sp "$api" >/dev/null
  ensure_sp "$spa" >/dev/null
  azd env set ENTRA_API_CLIENT_ID "$api"
  azd env set ENTRA_DASHBOARD_CLIENT_ID "$spa"
  echo "entra: API app $api ($uri), dashboard app $spa"
  exit 0
fi

[ "$stage" = postprovision ] || { echo "entra-apps.sh: unknown stage $stage" >&2; exit 2; }
api=${ENTRA_API_CLIENT_ID:?preprovision sets it}
spa=${ENTRA_DASHBOARD_CLIENT_ID:?preprovision sets it}
central=${CENTRAL_URL:?a Bicep output}
az rest --method PATCH --uri "$graph/applications/$(object_id "$spa")" --headers Content-Type=application/json \
  --body "{\"spa\":{\"redirectUris\":[\"$central/\"]}}"
echo "entra: dashboard redirect URI $central/"

user=${AZURE_PRINCIPAL_ID:-}
if [ -n "$user" ] && [ "${AZURE_PRINCIPAL_TYPE:-User}" = User ]; then
  api_sp=$(ensure_sp "$api")
  assigned=$(az rest --method GET --uri "$graph/servicePrincipals/$api_sp/appRoleAssignedTo" \
    --query "value[?principalId=='$user' && appRoleId=='$operate_role'] | length(@)" -o tsv)
  [ "$assigned" != 0 ] || az rest --method POST --uri "$graph/servicePrincipals/$api_sp/appRoleAssignedTo" --headers Content-Type=application/json \
    --body "{\"principalId\":\"$user\",\"resourceId\":\"$api_sp\",\"appRoleId\":\"$operate_role\"}" >/dev/null
  tenants=${CLOUDSTATUS_OPERATOR_TENANTS:-*}
  # Writing a user's extension attribute needs a directory role (User Administrator or above); without it, say what an
  # administrator runs instead of failing the deployment.
  if ! az rest --method PATCH --uri "$graph/users/$user" --headers Content-Type=application/json \
      --body "{\"extension_${api//-/}_csTenant\":\"$tenants\"}" >/dev/null 2>&1; then
    echo "entra: could not set your CloudStatus tenants; a User Administrator runs:" >&2
    echo "  az rest --method PATCH --uri $graph/users/$user --body '{\"extension_${api//-/}_csTenant\":\"$tenants\"}'" >&2
  fi
  echo "entra: $user is Status.Operate over tenants '$tenants'"
fi
