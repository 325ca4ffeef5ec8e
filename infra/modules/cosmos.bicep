// Cosmos DB for NoSQL: the central store. Local (key) auth is off; the Function App uses its managed identity with
// the built-in Data Contributor role scoped to the one database. Containers and partition keys are the shared
// contract (docs/adr/0013); each indexing policy indexes only the paths the store filters or orders on, so
// writes of large state documents stay cheap.

import { cosmosRoleIds } from 'roles.bicep'

param location string
param tags object
param accountName string
param databaseName string

@description('serverless (default: pay per request), autoscale (database-level autoscale RU/s) or manual (database-level fixed RU/s).')
@allowed([
  'serverless'
  'autoscale'
  'manual'
])
param capacityMode string

@description('autoscale: the maximum RU/s shared by the database containers.')
@minValue(1000)
param autoscaleMaxThroughput int

@description('manual: the RU/s shared by the database containers.')
@minValue(400)
param manualThroughput int

@description('Seconds an event stays in the events container (-1 = forever).')
param eventsTimeToLive int

@description('Seconds a dead letter stays in the deadletters container (-1 = forever).')
param deadLettersTimeToLive int

@description('Principal id of the central identity (reads and writes every container).')
param centralPrincipalId string

@description('Principal id of the person or pipeline running azd (read-only data access for inspection); empty = none.')
param operatorPrincipalId string

var excludeEverythingElse = [
  {
    path: '/*'
  }
  {
    path: '/"_etag"/?'
  }
]

// One entry per container: name, partition key, the paths queries filter or order on, composite indexes for the
// multi-property ORDER BYs, and the default time to live (null = no TTL). Paths and composite indexes equal the
// store's own definitions (functions/.../Storage/Cosmos/CosmosContainers.cs); a test in CloudStatus.Infra.Tests checks.
var containers = [
  {
    name: 'servers'
    partitionKey: '/tenantId'
    includedPaths: [
      '/tenantId/?'
      '/siteId/?'
      '/online/?'
    ]
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'producers'
    partitionKey: '/serverId'
    includedPaths: [
      '/serverId/?'
      '/deleted/?'
      '/t/?'
      '/kind/?'
      '/parentId/?'
      '/health/?'
      '/stale/?'
      '/flapping/?'
      '/tenantId/?'
    ]
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'events'
    partitionKey: '/bucket'
    includedPaths: [
      '/bucket/?'
      '/t/?'
      '/types/[]/?'
      '/servers/[]/?'
      '/ids/[]/?'
      '/type/?'
      '/serverId/?'
    ]
    compositeIndexes: [
      [
        {
          path: '/t'
          order: 'descending'
        }
        {
          path: '/id'
          order: 'descending'
        }
      ]
      [
        {
          path: '/t'
          order: 'ascending'
        }
        {
          path: '/id'
          order: 'ascending'
        }
      ]
    ]
    defaultTtl: eventsTimeToLive
  }
  {
    name: 'commands'
    partitionKey: '/id'
    includedPaths: []
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'lookups'
    partitionKey: '/id'
    includedPaths: []
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'views'
    partitionKey: '/tenantId'
    includedPaths: [
      '/tenantId/?'
    ]
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'deadletters'
    partitionKey: '/day'
    includedPaths: [
      '/day/?'
      '/t/?'
    ]
    compositeIndexes: [
      [
        {
          path: '/t'
          order: 'descending'
        }
        {
          path: '/id'
          order: 'descending'
        }
      ]
    ]
    defaultTtl: deadLettersTimeToLive
  }
  {
    name: 'addresses'
    partitionKey: '/tenantId'
    includedPaths: [
      '/tenantId/?'
    ]
    compositeIndexes: []
    defaultTtl: null
  }
  {
    name: 'leases'
    partitionKey: '/tenantId'
    includedPaths: [
      '/tenantId/?'
    ]
    compositeIndexes: []
    defaultTtl: null
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: capacityMode == 'serverless'
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: capacityMode == 'autoscale'
      ? {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
      : capacityMode == 'manual'
          ? {
              throughput: manualThroughput
            }
          : {}
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: union(
        {
          id: c.name
          partitionKey: {
            paths: [
              c.partitionKey
            ]
            kind: 'Hash'
            version: 2
          }
          indexingPolicy: {
            indexingMode: 'consistent'
            automatic: true
            includedPaths: map(c.includedPaths, p => { path: p })
            excludedPaths: excludeEverythingElse
            compositeIndexes: c.compositeIndexes
          }
        },
        c.defaultTtl == null ? {} : { defaultTtl: c.defaultTtl }
      )
    }
  }
]

resource centralDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, centralPrincipalId, cosmosRoleIds.dataContributor)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosRoleIds.dataContributor}'
    principalId: centralPrincipalId
    scope: '${account.id}/dbs/${database.name}'
  }
}

resource operatorDataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!empty(operatorPrincipalId)) {
  parent: account
  name: guid(account.id, operatorPrincipalId, cosmosRoleIds.dataReader)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosRoleIds.dataReader}'
    principalId: operatorPrincipalId
    scope: '${account.id}/dbs/${database.name}'
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for (c, i) in containers: container[i].name]
