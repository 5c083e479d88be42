import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY } from '../../common/access/access.decorators';

/** Refuses to start when any route lacks `@RequirePermission` or `@Public` (the guard would deny it anyway). */
@Injectable()
export class RouteDeclarationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = undeclaredRoutes(this.discovery, this.scanner, this.reflector);
    if (undeclared.length) throw new Error(`Routes without a declared permission: ${undeclared.join(', ')}`);
  }
}

export function undeclaredRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): string[] {
  const out: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const proto: unknown = wrapper.metatype?.prototype;
    if (!proto || typeof proto !== 'object') continue;
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = (proto as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const targets = [handler, wrapper.metatype as object];
      const declared =
        reflector.getAllAndOverride<unknown>(PERMISSION_KEY, targets as never) ??
        reflector.getAllAndOverride<unknown>(PUBLIC_KEY, targets as never);
      if (!declared) out.push(`${wrapper.name}.${name}`);
    }
  }
  return out;
}
